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

    [SkippableFact]
    public void ActivateVector256_EveryInput_EqualsScalarSigmoidAndTanh()
    {
        Skip.IfNot(Avx2.IsSupported, "AVX2 is not supported on this machine.");
        AssertEveryInput(ActivationKernels.ActivateVector256);
    }

    [Fact]
    public void ActivateVector128_EveryInput_EqualsScalarSigmoidAndTanh() =>
        AssertEveryInput(ActivationKernels.ActivateVector128);

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

    [Theory]
    [InlineData(256, 128, 64)]
    [InlineData(128, 64, 64)]
    [InlineData(100, 25, 25)]
    [InlineData(70, 0, 35)]
    [InlineData(33, 22, 11)]
    [InlineData(8, 4, 0)]
    public void ActivateGates_RandomValues_EqualsSigmoidAroundTanh(int length, int tanhStart, int tanhLength)
    {
        var random = new Random(length + tanhStart);
        short[] values = [.. Enumerable.Range(0, length).Select(_ => (short)random.Next(short.MinValue, short.MaxValue + 1))];
        short[] expected = [.. values];
        ActivationKernels.SigmoidReference(expected.AsSpan(0, tanhStart));
        ActivationKernels.TanhReference(expected.AsSpan(tanhStart, tanhLength));
        ActivationKernels.SigmoidReference(expected.AsSpan(tanhStart + tanhLength));
        ActivationKernels.ActivateGates(values, tanhStart, tanhLength);
        Assert.Equal(expected, values);
    }

    // Every int16 input, at a length (65543) that leaves a tail for the scalar code after every vector width.
    private static void AssertEveryInput(SpanAction activate)
    {
        short[] all = [.. Enumerable.Range(short.MinValue, 65536 + 7).Select(i => (short)i)];
        short[] sigmoid = [.. all];
        short[] tanh = [.. all];

        activate(sigmoid, false);
        activate(tanh, true);

        for (int i = 0; i < all.Length; i++)
        {
            Assert.Equal(IntegerActivations.Sigmoid(all[i]), sigmoid[i]);
            Assert.Equal(IntegerActivations.Tanh(all[i]), tanh[i]);
        }
    }

    private delegate void SpanAction(Span<short> values, bool tanh);
}
