using System.Runtime.CompilerServices;

namespace EdgeLstm.Model.Quantization;

/// <summary>
/// Provides the fixed-point primitives of gemmlowp and TensorFlow Lite that the integer cells are built from.
/// </summary>
/// <remarks>
/// Every method is defined on exact integers; the results are the same on every machine. The definitions follow
/// gemmlowp's fixedpoint.h and TensorFlow Lite's quantization_util.cc / common.h (the classic two-rounding
/// <c>MultiplyByQuantizedMultiplier</c>, not the TFLITE_SINGLE_ROUNDING variant).
/// </remarks>
internal static class FixedPoint
{
    /// <summary>Splits a non-negative real multiplier into a Q0.31 significand and a power-of-two exponent.</summary>
    /// <param name="realMultiplier">The real multiplier, finite and non-negative.</param>
    /// <param name="multiplier">The significand in [2^30, 2^31), or 0 when the multiplier is 0 or below 2^-32.</param>
    /// <param name="shift">The exponent: realMultiplier ≈ multiplier · 2^(shift − 31).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="realMultiplier"/> is negative, NaN, infinite, or too large for a shift of at most 30.</exception>
    /// <remarks>
    /// As TensorFlow Lite's QuantizeMultiplier: frexp gives q ∈ [0.5, 1) and the exponent; q · 2^31 is rounded half
    /// away from zero; a rounded value of 2^31 becomes 2^30 with the exponent raised by one; an exponent below −31 flushes
    /// the multiplier to 0 (shift 0), because every bit would be shifted out anyway.
    /// </remarks>
    public static void QuantizeMultiplier(double realMultiplier, out int multiplier, out int shift)
    {
        if (!double.IsFinite(realMultiplier) || realMultiplier < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(realMultiplier), realMultiplier, "The multiplier must be finite and non-negative.");
        }

        if (realMultiplier == 0)
        {
            multiplier = 0;
            shift = 0;
            return;
        }

        // frexp: realMultiplier = q · 2^exponent with q in [0.5, 1).
        int exponent = Math.ILogB(realMultiplier) + 1;
        double q = Math.ScaleB(realMultiplier, -exponent);
        long qFixed = (long)Math.Round(q * (1L << 31), MidpointRounding.AwayFromZero);
        if (qFixed == 1L << 31)
        {
            qFixed /= 2;
            exponent++;
        }

        if (exponent < -31)
        {
            multiplier = 0;
            shift = 0;
            return;
        }

        if (exponent > 30)
        {
            throw new ArgumentOutOfRangeException(nameof(realMultiplier), realMultiplier, "The multiplier needs a left shift above 30.");
        }

        multiplier = (int)qFixed;
        shift = exponent;
    }

    /// <summary>Returns the high 32 bits of 2·a·b, rounded to nearest with ties toward positive infinity, saturated.</summary>
    /// <remarks>
    /// gemmlowp's SaturatingRoundingDoublingHighMul: the 64-bit product a·b gets a nudge of 2^30 (or 1 − 2^30 when
    /// negative) and is divided by 2^31 with truncation toward zero, which equals floor((a·b + 2^30) / 2^31). The only
    /// overflow, a = b = int.MinValue, returns int.MaxValue.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SaturatingRoundingDoublingHighMul(int a, int b)
    {
        if (a == int.MinValue && b == int.MinValue)
        {
            return int.MaxValue;
        }

        long product = (long)a * b;
        long nudge = product >= 0 ? 1L << 30 : 1 - (1L << 30);
        return (int)((product + nudge) / (1L << 31));
    }

    /// <summary>Divides by 2^exponent, rounding to nearest with ties away from zero.</summary>
    /// <param name="x">The dividend.</param>
    /// <param name="exponent">The power of two, 0..31.</param>
    /// <remarks>gemmlowp's RoundingDivideByPOT: arithmetic shift, plus one when the remainder exceeds half (half counts toward zero for negative x).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RoundingDivideByPowerOfTwo(int x, int exponent)
    {
        int mask = (int)((1L << exponent) - 1);
        int remainder = x & mask;
        int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
        return (x >> exponent) + (remainder > threshold ? 1 : 0);
    }

    /// <summary>Multiplies by the real number multiplier · 2^(shift − 31) with the rounding of TensorFlow Lite.</summary>
    /// <param name="x">The int32 value to scale.</param>
    /// <param name="multiplier">The Q0.31 significand from <see cref="QuantizeMultiplier"/>.</param>
    /// <param name="shift">The exponent from <see cref="QuantizeMultiplier"/>, −31..30.</param>
    /// <remarks>
    /// A positive shift multiplies x by 2^shift first (wrapping in int32, as the C++ does in practice); then
    /// <see cref="SaturatingRoundingDoublingHighMul"/> with the multiplier; then a negative shift is applied with
    /// <see cref="RoundingDivideByPowerOfTwo"/>. Two roundings in all.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MultiplyByQuantizedMultiplier(int x, int multiplier, int shift)
    {
        int leftShift = shift > 0 ? shift : 0;
        int rightShift = shift > 0 ? 0 : -shift;
        return RoundingDivideByPowerOfTwo(SaturatingRoundingDoublingHighMul(unchecked(x * (1 << leftShift)), multiplier), rightShift);
    }

    /// <summary>Clamps an int32 to the int16 range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static short SaturateToInt16(int x) => (short)Math.Clamp(x, short.MinValue, short.MaxValue);

    /// <summary>Clamps an int32 to the int8 range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static sbyte SaturateToInt8(int x) => (sbyte)Math.Clamp(x, sbyte.MinValue, sbyte.MaxValue);

    /// <summary>Adds two int16 values, saturating the sum to the int16 range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static short SaturatingAdd(short a, short b) => SaturateToInt16(a + b);

    /// <summary>Multiplies by 2^exponent (exponent ≥ 0), saturating to the int16 range.</summary>
    public static short SaturatingShiftLeft(short x, int exponent) => SaturateToInt16((int)Math.Clamp((long)x << exponent, short.MinValue, short.MaxValue));
}
