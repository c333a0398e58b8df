using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Model.Kernels;

/// <summary>
/// Turns int32 accumulators into int16 Q3.12 gate terms: per-row multipliers with one shift for all rows, then
/// saturation to int16, optionally added with saturation to the terms already in the destination.
/// </summary>
/// <remarks>
/// The reference is, per row, <c>term = SaturateToInt16(MultiplyByQuantizedMultiplier(a, multiplier[r], shift))</c>
/// and <c>destination[r] = accumulate ? SaturatingAdd(destination[r], term) : term</c>. Multipliers must be
/// non-negative (as <see cref="FixedPoint.QuantizeMultiplier"/> makes them), so SaturatingRoundingDoublingHighMul
/// never meets its one overflow. One shift per call is what lets the vector path shift every lane by the same count,
/// which portable Vector128 code can do on every platform.
/// </remarks>
internal static class RequantizeKernels
{
    private const int Step = 8;

    /// <summary>Requantizes accumulators to Q3.12 int16 terms, storing them or adding them with saturation.</summary>
    /// <param name="accumulators">The int32 accumulators.</param>
    /// <param name="multipliers">The non-negative Q0.31 multiplier of each row, as long as <paramref name="accumulators"/>.</param>
    /// <param name="shift">The shift of every row, −31..30.</param>
    /// <param name="destination">Receives (or accumulates) the terms, as long as <paramref name="accumulators"/>.</param>
    /// <param name="accumulate">Whether to add to the destination with saturation instead of storing.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <remarks>This method effectively computes the reference above for every row.</remarks>
    public static void ToQ312(ReadOnlySpan<int> accumulators, ReadOnlySpan<int> multipliers, int shift, Span<short> destination, bool accumulate)
    {
        if (multipliers.Length != accumulators.Length)
        {
            ThrowHelper.ThrowLength(nameof(multipliers), multipliers.Length, accumulators.Length);
        }

        if (destination.Length != accumulators.Length)
        {
            ThrowHelper.ThrowLength(nameof(destination), destination.Length, accumulators.Length);
        }

        if (Avx512F.IsSupported && Vector512.IsHardwareAccelerated)
        {
            ToQ312Vector512(accumulators, multipliers, shift, destination, accumulate);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            ToQ312Vector128(accumulators, multipliers, shift, destination, accumulate);
        }
        else
        {
            ToQ312Reference(accumulators, multipliers, shift, destination, accumulate);
        }
    }

    /// <summary>Requantizes one row at a time: the specification.</summary>
    internal static void ToQ312Reference(ReadOnlySpan<int> accumulators, ReadOnlySpan<int> multipliers, int shift, Span<short> destination, bool accumulate)
    {
        for (int r = 0; r < accumulators.Length; r++)
        {
            short term = FixedPoint.SaturateToInt16(FixedPoint.MultiplyByQuantizedMultiplier(accumulators[r], multipliers[r], shift));
            destination[r] = accumulate ? FixedPoint.SaturatingAdd(destination[r], term) : term;
        }
    }

    /// <summary>Requantizes eight rows per step with portable 128-bit vectors (64-bit lanes for the products), the rest one by one.</summary>
    internal static void ToQ312Vector128(ReadOnlySpan<int> accumulators, ReadOnlySpan<int> multipliers, int shift, Span<short> destination, bool accumulate)
    {
        int leftShift = shift > 0 ? shift : 0;
        int rightShift = shift > 0 ? 0 : -shift;
        ref int a = ref MemoryMarshal.GetReference(accumulators);
        ref int m = ref MemoryMarshal.GetReference(multipliers);
        ref short d = ref MemoryMarshal.GetReference(destination);
        int r = 0;
        for (; r <= accumulators.Length - Step; r += Step)
        {
            Vector128<int> low = MultiplyByQuantizedMultiplier(Vector128.LoadUnsafe(ref a, (nuint)r), Vector128.LoadUnsafe(ref m, (nuint)r), leftShift, rightShift);
            Vector128<int> high = MultiplyByQuantizedMultiplier(Vector128.LoadUnsafe(ref a, (nuint)(r + 4)), Vector128.LoadUnsafe(ref m, (nuint)(r + 4)), leftShift, rightShift);
            low = Saturate16(low);
            high = Saturate16(high);
            if (accumulate)
            {
                (Vector128<int> oldLow, Vector128<int> oldHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref d, (nuint)r));
                low = Saturate16(low + oldLow);
                high = Saturate16(high + oldHigh);
            }

            Vector128.Narrow(low, high).StoreUnsafe(ref d, (nuint)r);
        }

        ToQ312Reference(accumulators[r..], multipliers[r..], shift, destination[r..], accumulate);
    }

    /// <summary>Requantizes 32 rows per step with 512-bit vectors (the Vector128 steps, four times wider), the rest with <see cref="ToQ312Vector128"/>; the caller checks AVX-512F.</summary>
    internal static void ToQ312Vector512(ReadOnlySpan<int> accumulators, ReadOnlySpan<int> multipliers, int shift, Span<short> destination, bool accumulate)
    {
        const int WideStep = 32;
        int leftShift = shift > 0 ? shift : 0;
        int rightShift = shift > 0 ? 0 : -shift;
        ref int a = ref MemoryMarshal.GetReference(accumulators);
        ref int m = ref MemoryMarshal.GetReference(multipliers);
        ref short d = ref MemoryMarshal.GetReference(destination);
        int r = 0;
        for (; r <= accumulators.Length - WideStep; r += WideStep)
        {
            Vector512<int> low = MultiplyByQuantizedMultiplier(Vector512.LoadUnsafe(ref a, (nuint)r), Vector512.LoadUnsafe(ref m, (nuint)r), leftShift, rightShift);
            Vector512<int> high = MultiplyByQuantizedMultiplier(Vector512.LoadUnsafe(ref a, (nuint)(r + 16)), Vector512.LoadUnsafe(ref m, (nuint)(r + 16)), leftShift, rightShift);
            low = Saturate16(low);
            high = Saturate16(high);
            if (accumulate)
            {
                (Vector512<int> oldLow, Vector512<int> oldHigh) = Vector512.Widen(Vector512.LoadUnsafe(ref d, (nuint)r));
                low = Saturate16(low + oldLow);
                high = Saturate16(high + oldHigh);
            }

            Vector512.Narrow(low, high).StoreUnsafe(ref d, (nuint)r);
        }

        ToQ312Vector128(accumulators[r..], multipliers[r..], shift, destination[r..], accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> MultiplyByQuantizedMultiplier(Vector512<int> x, Vector512<int> multiplier, int leftShift, int rightShift)
    {
        x = Vector512.ShiftLeft(x, leftShift);

        // VPMULDQ multiplies the even int32 lanes into int64; the odd lanes are shifted down to be even. The
        // doubled high halves fit int32, so the even results keep their low words and the odd ones move up.
        Vector512<long> even = DoublingHighMul(Avx512F.Multiply(x, multiplier));
        Vector512<long> odd = DoublingHighMul(Avx512F.Multiply(Vector512.ShiftRightLogical(x.AsInt64(), 32).AsInt32(), Vector512.ShiftRightLogical(multiplier.AsInt64(), 32).AsInt32()));
        Vector512<int> high = (Vector512.ShiftLeft(odd, 32) | (even & Vector512.Create(0xFFFF_FFFFL))).AsInt32();
        return LaneFixedPoint.RoundingDivideByPowerOfTwo(high, rightShift);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<long> DoublingHighMul(Vector512<long> product)
    {
        Vector512<long> negative = Vector512.LessThan(product, Vector512<long>.Zero);
        Vector512<long> nudged = product + Vector512.ConditionalSelect(negative, Vector512.Create(1 - (1L << 30)), Vector512.Create(1L << 30));
        Vector512<long> towardZero = nudged + (negative & Vector512.Create((1L << 31) - 1));
        return Vector512.ShiftRightArithmetic(towardZero, 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Saturate16(Vector512<int> x) =>
        Vector512.Min(Vector512.Max(x, Vector512.Create((int)short.MinValue)), Vector512.Create((int)short.MaxValue));

    // Lane-wise MultiplyByQuantizedMultiplier for non-negative multipliers (FixedPoint documents the rounding).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> MultiplyByQuantizedMultiplier(Vector128<int> x, Vector128<int> multiplier, int leftShift, int rightShift)
    {
        x = Vector128.ShiftLeft(x, leftShift);
        (Vector128<long> xLow, Vector128<long> xHigh) = Vector128.Widen(x);
        (Vector128<long> mLow, Vector128<long> mHigh) = Vector128.Widen(multiplier);
        Vector128<int> high = Vector128.Narrow(DoublingHighMul(xLow * mLow), DoublingHighMul(xHigh * mHigh));
        return LaneFixedPoint.RoundingDivideByPowerOfTwo(high, rightShift);
    }

    // (p + nudge) / 2^31 truncated toward zero, nudge = 2^30 for p ≥ 0 and 1 − 2^30 below.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<long> DoublingHighMul(Vector128<long> product)
    {
        Vector128<long> negative = Vector128.LessThan(product, Vector128<long>.Zero);
        Vector128<long> nudged = product + Vector128.ConditionalSelect(negative, Vector128.Create(1 - (1L << 30)), Vector128.Create(1L << 30));
        Vector128<long> towardZero = nudged + (negative & Vector128.Create((1L << 31) - 1));
        return Vector128.ShiftRightArithmetic(towardZero, 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Saturate16(Vector128<int> x) =>
        Vector128.Min(Vector128.Max(x, Vector128.Create((int)short.MinValue)), Vector128.Create((int)short.MaxValue));
}
