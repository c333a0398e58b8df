using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Model.Kernels;

/// <summary>Provides lane-wise forms of <see cref="FixedPoint"/>'s rounding shift and saturations, bit-exact with the scalar ones.</summary>
internal static class LaneFixedPoint
{
    /// <summary>Divides each lane by 2^<paramref name="exponent"/>, rounding half away from zero (gemmlowp's RoundingDivideByPOT).</summary>
    /// <param name="x">The lanes.</param>
    /// <param name="exponent">The exponent, 0..31.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> RoundingDivideByPowerOfTwo(Vector128<int> x, int exponent)
    {
        if (AdvSimd.IsSupported)
        {
            // gemmlowp's NEON form: a negative lane is lowered by one (its sign bit survives the AND with −exponent
            // when exponent > 0), then SRSHL shifts right rounding half up, computed without overflow; together that
            // rounds half away from zero. SQADD keeps int.MinValue, whose quotient is exact anyway.
            Vector128<int> shift = Vector128.Create(-exponent);
            Vector128<int> fixup = Vector128.ShiftRightArithmetic(x & shift, 31);
            return AdvSimd.ShiftArithmeticRounded(AdvSimd.AddSaturate(x, fixup), shift);
        }

        Vector128<int> mask = Vector128.Create((int)((1L << exponent) - 1));
        Vector128<int> remainder = x & mask;

        // Comparison lanes are all ones (−1) where true, so subtracting them adds one.
        Vector128<int> threshold = Vector128.ShiftRightArithmetic(mask, 1) - Vector128.LessThan(x, Vector128<int>.Zero);
        return Vector128.ShiftRightArithmetic(x, exponent) - Vector128.GreaterThan(remainder, threshold);
    }

    /// <summary>Divides each lane by 2^<paramref name="exponent"/>, rounding half away from zero (gemmlowp's RoundingDivideByPOT).</summary>
    /// <param name="x">The lanes.</param>
    /// <param name="exponent">The exponent, 0..31.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> RoundingDivideByPowerOfTwo(Vector256<int> x, int exponent)
    {
        Vector256<int> mask = Vector256.Create((int)((1L << exponent) - 1));
        Vector256<int> remainder = x & mask;
        Vector256<int> threshold = Vector256.ShiftRightArithmetic(mask, 1) - Vector256.LessThan(x, Vector256<int>.Zero);
        return Vector256.ShiftRightArithmetic(x, exponent) - Vector256.GreaterThan(remainder, threshold);
    }

    /// <summary>Divides each lane by 2^<paramref name="exponent"/>, rounding half away from zero (gemmlowp's RoundingDivideByPOT).</summary>
    /// <param name="x">The lanes.</param>
    /// <param name="exponent">The exponent, 0..31.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> RoundingDivideByPowerOfTwo(Vector512<int> x, int exponent)
    {
        Vector512<int> mask = Vector512.Create((int)((1L << exponent) - 1));
        Vector512<int> remainder = x & mask;
        Vector512<int> threshold = Vector512.ShiftRightArithmetic(mask, 1) - Vector512.LessThan(x, Vector512<int>.Zero);
        return Vector512.ShiftRightArithmetic(x, exponent) - Vector512.GreaterThan(remainder, threshold);
    }

    /// <summary>Clamps each lane to [<paramref name="min"/>, <paramref name="max"/>].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Clamp(Vector128<int> x, int min, int max) =>
        Vector128.Min(Vector128.Max(x, Vector128.Create(min)), Vector128.Create(max));

    /// <summary>Clamps each lane to the int16 range, like <see cref="FixedPoint.SaturateToInt16"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> SaturateToInt16(Vector128<int> x) => Clamp(x, short.MinValue, short.MaxValue);

    /// <summary>Clamps each lane to the int16 range, like <see cref="FixedPoint.SaturateToInt16"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> SaturateToInt16(Vector256<int> x) =>
        Vector256.Min(Vector256.Max(x, Vector256.Create((int)short.MinValue)), Vector256.Create((int)short.MaxValue));

    /// <summary>Clamps each lane to the int16 range, like <see cref="FixedPoint.SaturateToInt16"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> SaturateToInt16(Vector512<int> x) =>
        Vector512.Min(Vector512.Max(x, Vector512.Create((int)short.MinValue)), Vector512.Create((int)short.MaxValue));
}
