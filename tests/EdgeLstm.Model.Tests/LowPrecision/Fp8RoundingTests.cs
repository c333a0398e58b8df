using EdgeLstm.Model.LowPrecision;

namespace EdgeLstm.Model.Tests.LowPrecision;

public sealed class Fp8RoundingTests
{
    private static float[] Values() => [0.1234567f, -3.3333f, 17.77f, 1e-5f];

    [Fact]
    public void RoundActivations_Default_RoundsToE4M3AndGradientsToE5M2()
    {
        float[] activations = Values();
        float[] gradients = Values();
        float[] e4m3 = Values();
        float[] e5m2 = Values();
        Fp8Format.E4M3.RoundTensor(e4m3);
        Fp8Format.E5M2.RoundTensor(e5m2);

        Fp8Rounding.Instance.RoundActivations(activations);
        Fp8Rounding.Instance.RoundGradients(gradients);

        Assert.Equal(e4m3, activations);
        Assert.Equal(e5m2, gradients);
        Assert.NotEqual(Values(), activations);
        Assert.NotEqual(e4m3, e5m2);
    }

    [Fact]
    public void Round_SwitchedOff_LeavesValuesUnchanged()
    {
        var rounding = new Fp8Rounding(activations: false, gradients: false);
        float[] activations = Values();
        float[] gradients = Values();

        rounding.RoundActivations(activations);
        rounding.RoundGradients(gradients);

        Assert.Equal(Values(), activations);
        Assert.Equal(Values(), gradients);
    }
}
