using CsCheck;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Model.Tests.Quantization;

/// <summary>Property tests: the fixed-point primitives against their exact definitions in wider arithmetic.</summary>
public sealed class FixedPointPropertyTests
{
    [Fact]
    public void SaturatingRoundingDoublingHighMul_AnyPair_IsTheFloorOfTheNudgedProductOver2To31AndCommutes()
    {
        Gen.Select(Gen.Int, Gen.Int).Sample((a, b) =>
        {
            long exact = ((long)a * b + (1L << 30)) >> 31; // an arithmetic shift is a floor division
            int expected = a == int.MinValue && b == int.MinValue ? int.MaxValue : (int)exact;

            Assert.Equal(expected, FixedPoint.SaturatingRoundingDoublingHighMul(a, b));
            Assert.Equal(expected, FixedPoint.SaturatingRoundingDoublingHighMul(b, a));
        }, iter: 100_000, threads: 1);
    }

    [Fact]
    public void RoundingDivideByPowerOfTwo_AnyValue_RoundsTheExactQuotientHalfAwayFromZero()
    {
        Gen.Select(Gen.Int, Gen.Int[0, 31]).Sample((x, exponent) =>
        {
            // x / 2^exponent is exact in a double: 32 significant bits at most.
            double expected = Math.Round(x / Math.Pow(2, exponent), MidpointRounding.AwayFromZero);

            Assert.Equal(expected, FixedPoint.RoundingDivideByPowerOfTwo(x, exponent));
        }, iter: 100_000, threads: 1);
    }

    [Fact]
    public void MultiplyByQuantizedMultiplier_MultiplierOfOne_IsTheIdentity()
    {
        // 2^30 · 2^(1 − 31) = 1: the doubling, the high multiply and the rounding must give x back.
        Gen.Int[-(1 << 30) + 1, (1 << 30) - 1].Sample(x => Assert.Equal(x, FixedPoint.MultiplyByQuantizedMultiplier(x, 1 << 30, 1)), iter: 100_000, threads: 1);
    }

    [Fact]
    public void QuantizeMultiplier_AnyMultiplier_RebuildsItWithin2ToMinus31Relative()
    {
        Gen.Double[1e-9, 1e9].Sample(real =>
        {
            FixedPoint.QuantizeMultiplier(real, out int multiplier, out int shift);

            Assert.InRange(multiplier, 1 << 30, int.MaxValue);
            double rebuilt = multiplier * Math.Pow(2, shift - 31);
            Assert.True(Math.Abs(rebuilt - real) <= real * Math.Pow(2, -31), $"{real} came back as {rebuilt} ({multiplier}, {shift})");
        }, iter: 100_000, threads: 1);
    }
}
