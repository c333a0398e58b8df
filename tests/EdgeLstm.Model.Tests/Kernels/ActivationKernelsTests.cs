using System.Runtime.Intrinsics.X86;
using EdgeLstm.Model.Kernels;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Model.Tests.Kernels;

[Trait("Category", "Kernels")]
public sealed class ActivationKernelsTests
{
    [SkippableFact]
    public void ActivateAvx512_EveryInput_EqualsScalarSigmoidAndTanh()
    {
        Skip.IfNot(Avx512BW.IsSupported, "AVX-512BW is not supported on this machine.");
        short[] all = [.. Enumerable.Range(short.MinValue, 65536 + 7).Select(i => (short)i)];
        short[] sigmoid = [.. all];
        short[] tanh = [.. all];

        ActivationKernels.ActivateAvx512(sigmoid, tanh: false);
        ActivationKernels.ActivateAvx512(tanh, tanh: true);

        for (int i = 0; i < all.Length; i++)
        {
            Assert.Equal(IntegerActivations.Sigmoid(all[i]), sigmoid[i]);
            Assert.Equal(IntegerActivations.Tanh(all[i]), tanh[i]);
        }
    }

    [Fact]
    public void SigmoidAndTanh_Dispatched_EqualScalar()
    {
        short[] values = [.. Enumerable.Range(0, 100).Select(i => (short)((i * 977) - 40000))];
        short[] sigmoid = [.. values];
        short[] tanh = [.. values];

        ActivationKernels.Sigmoid(sigmoid);
        ActivationKernels.Tanh(tanh);

        Assert.Equal(values.Select(IntegerActivations.Sigmoid), sigmoid);
        Assert.Equal(values.Select(IntegerActivations.Tanh), tanh);
    }
}
