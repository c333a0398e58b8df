using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Model.Tests.Quantization;

[Trait("Category", "Kernels")]
public sealed class FixedPointTests
{
    [Theory]
    [InlineData(0.5, 1 << 30, 0)]
    [InlineData(1.0, 1 << 30, 1)]
    [InlineData(0.75, 3 << 29, 0)]
    [InlineData(0.0, 0, 0)]
    [InlineData(1e-20, 0, 0)]
    [InlineData(3.0, 3 << 29, 2)]
    public void QuantizeMultiplier_KnownValue_ReturnsTensorFlowLiteDecomposition(double real, int expectedMultiplier, int expectedShift)
    {
        FixedPoint.QuantizeMultiplier(real, out int multiplier, out int shift);

        Assert.Equal(expectedMultiplier, multiplier);
        Assert.Equal(expectedShift, shift);
    }

    [Fact]
    public void QuantizeMultiplier_RandomValues_ReconstructWithinOneUnitInTheLastPlace()
    {
        var random = new Random(11);
        for (int i = 0; i < 10_000; i++)
        {
            double real = Math.ScaleB(0.5 + (random.NextDouble() * 0.5), random.Next(-25, 20));
            FixedPoint.QuantizeMultiplier(real, out int multiplier, out int shift);

            Assert.InRange(multiplier, 1 << 30, int.MaxValue);
            Assert.True(Math.Abs(Math.ScaleB(multiplier, shift - 31) - real) <= Math.ScaleB(real, -31), $"{real}");
        }
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e10)]
    public void QuantizeMultiplier_InvalidValue_Throws(double real)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FixedPoint.QuantizeMultiplier(real, out _, out _));
    }

    [Fact]
    public void SaturatingRoundingDoublingHighMul_MinTimesMin_SaturatesToMax()
    {
        Assert.Equal(int.MaxValue, FixedPoint.SaturatingRoundingDoublingHighMul(int.MinValue, int.MinValue));
    }

    [Theory]
    [InlineData(1 << 30, 1, 1)]
    [InlineData(-(1 << 30), 1, 0)]
    [InlineData(3 << 29, -2, -1)]
    [InlineData(int.MaxValue, int.MaxValue, int.MaxValue - 1)]
    public void SaturatingRoundingDoublingHighMul_Ties_RoundTowardPositiveInfinity(int a, int b, int expected)
    {
        Assert.Equal(expected, FixedPoint.SaturatingRoundingDoublingHighMul(a, b));
    }

    [Fact]
    public void SaturatingRoundingDoublingHighMul_RandomValues_EqualsFloorOfNudgedProduct()
    {
        var random = new Random(12);
        for (int i = 0; i < 100_000; i++)
        {
            int a = random.Next(int.MinValue, int.MaxValue);
            int b = i % 3 == 0 ? random.Next(-100, 100) : random.Next(int.MinValue, int.MaxValue);
            long expected = FloorDivide(((long)a * b) + (1L << 30), 1L << 31);

            Assert.Equal(expected, FixedPoint.SaturatingRoundingDoublingHighMul(a, b));
        }
    }

    [Theory]
    [InlineData(3, 1, 2)]
    [InlineData(-3, 1, -2)]
    [InlineData(-5, 2, -1)]
    [InlineData(-6, 2, -2)]
    [InlineData(6, 2, 2)]
    [InlineData(7, 0, 7)]
    [InlineData(int.MinValue, 31, -1)]
    public void RoundingDivideByPowerOfTwo_KnownValue_RoundsHalfAwayFromZero(int x, int exponent, int expected)
    {
        Assert.Equal(expected, FixedPoint.RoundingDivideByPowerOfTwo(x, exponent));
    }

    [Fact]
    public void RoundingDivideByPowerOfTwo_RandomValues_EqualsRoundedQuotient()
    {
        var random = new Random(13);
        for (int i = 0; i < 100_000; i++)
        {
            int x = i % 2 == 0 ? random.Next(int.MinValue, int.MaxValue) : random.Next(-5000, 5000);
            int exponent = random.Next(0, 32);

            Assert.Equal((int)Math.Round(Math.ScaleB(x, -exponent), MidpointRounding.AwayFromZero), FixedPoint.RoundingDivideByPowerOfTwo(x, exponent));
        }
    }

    [Theory]
    [InlineData(100, 1 << 30, 0, 50)]
    [InlineData(-3, 1 << 30, 0, -1)]
    [InlineData(6, 1 << 30, -1, 2)]
    [InlineData(5, 1 << 30, 3, 20)]
    public void MultiplyByQuantizedMultiplier_KnownValue_ReturnsTensorFlowLiteResult(int x, int multiplier, int shift, int expected)
    {
        Assert.Equal(expected, FixedPoint.MultiplyByQuantizedMultiplier(x, multiplier, shift));
    }

    [Fact]
    public void MultiplyByQuantizedMultiplier_RandomValues_WithinOneOfExactProduct()
    {
        var random = new Random(14);
        for (int i = 0; i < 100_000; i++)
        {
            int x = random.Next(-(1 << 24), 1 << 24);
            double real = Math.ScaleB(0.5 + (random.NextDouble() * 0.5), random.Next(-20, 1));
            FixedPoint.QuantizeMultiplier(real, out int multiplier, out int shift);

            double exact = x * Math.ScaleB(multiplier, shift - 31);
            Assert.InRange(FixedPoint.MultiplyByQuantizedMultiplier(x, multiplier, shift) - exact, -1.0, 1.0);
        }
    }

    [Theory]
    [InlineData(32000, 1000, 32767)]
    [InlineData(-32000, -1000, -32768)]
    [InlineData(100, -300, -200)]
    public void SaturatingAdd_Int16_SaturatesToRange(short a, short b, short expected)
    {
        Assert.Equal(expected, FixedPoint.SaturatingAdd(a, b));
    }

    [Theory]
    [InlineData(4096, 3, 32767)]
    [InlineData(-4096, 3, -32768)]
    [InlineData(-5, 2, -20)]
    public void SaturatingShiftLeft_Int16_SaturatesToRange(short x, int exponent, short expected)
    {
        Assert.Equal(expected, FixedPoint.SaturatingShiftLeft(x, exponent));
    }

    private static long FloorDivide(long a, long b) => (a / b) - (((a % b) != 0 && ((a < 0) ^ (b < 0))) ? 1 : 0);
}
