using EdgeLstm.Model.Quantization;
using Xunit.Abstractions;

namespace EdgeLstm.Model.Tests.Quantization;

[Trait("Category", "Kernels")]
public sealed class IntegerActivationsTests(ITestOutputHelper output)
{
    // Measured over all 65536 inputs (printed by the tests): sigmoid 6.60e-5 and tanh 1.32e-4, that is 2.16 and 4.32
    // units of Q0.15 (3.05e-5). The interpolation step is 1/16, so |σ''| / 8 · (1/16)² ≈ 4.7e-5 plus the two half-unit
    // roundings; tanh doubles it. The bounds leave a small margin.
    private const double SigmoidBound = 7e-5;
    private const double TanhBound = 1.4e-4;

    [Fact]
    public void Sigmoid_EveryInput_WithinStatedErrorOfDoubleMath()
    {
        double maxError = 0;
        for (int x = short.MinValue; x <= short.MaxValue; x++)
        {
            double expected = 1.0 / (1.0 + Math.Exp(-x / 4096.0));
            maxError = Math.Max(maxError, Math.Abs((IntegerActivations.Sigmoid((short)x) / 32768.0) - expected));
        }

        output.WriteLine($"sigmoid max error {maxError:E3} ({maxError * 32768:F2} Q0.15 units)");
        Assert.InRange(maxError, 0, SigmoidBound);
    }

    [Fact]
    public void Tanh_EveryInput_WithinStatedErrorOfDoubleMath()
    {
        double maxError = 0;
        for (int x = short.MinValue; x <= short.MaxValue; x++)
        {
            maxError = Math.Max(maxError, Math.Abs((IntegerActivations.Tanh((short)x) / 32768.0) - Math.Tanh(x / 4096.0)));
        }

        output.WriteLine($"tanh max error {maxError:E3} ({maxError * 32768:F2} Q0.15 units)");
        Assert.InRange(maxError, 0, TanhBound);
    }

    [Fact]
    public void Sigmoid_EveryInput_MonotonicAndSymmetric()
    {
        for (int x = short.MinValue + 1; x <= short.MaxValue; x++)
        {
            Assert.True(IntegerActivations.Sigmoid((short)x) >= IntegerActivations.Sigmoid((short)(x - 1)));
            Assert.Equal(32768, IntegerActivations.Sigmoid((short)x) + IntegerActivations.Sigmoid((short)-x));
        }

        Assert.Equal(16384, IntegerActivations.Sigmoid(0));
    }

    [Fact]
    public void Tanh_EveryInput_MonotonicAndOdd()
    {
        for (int x = short.MinValue + 1; x <= short.MaxValue; x++)
        {
            Assert.True(IntegerActivations.Tanh((short)x) >= IntegerActivations.Tanh((short)(x - 1)));
            Assert.Equal(-IntegerActivations.Tanh((short)x), IntegerActivations.Tanh((short)-x));
        }

        Assert.Equal(0, IntegerActivations.Tanh(0));
    }
}
