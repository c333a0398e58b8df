using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
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
        else if (Avx2.IsSupported)
        {
            ToQ312Vector256(accumulators, multipliers, shift, destination, accumulate);
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

    /// <summary>Requantizes two projections' accumulators for the same rows and stores the saturating sum of their terms.</summary>
    /// <param name="input">The input projection's accumulators, its multipliers and its shift.</param>
    /// <param name="recurrent">The recurrent projection's accumulators, its multipliers and its shift.</param>
    /// <param name="destination">Receives the Q3.12 sums, as long as the accumulators.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <remarks>
    /// This method effectively computes <c>ToQ312(input…, accumulate: false)</c> followed by
    /// <c>ToQ312(recurrent…, accumulate: true)</c>, in one pass (an lstm step's pre-activations).
    /// </remarks>
    public static void ToQ312Sum(ProjectionTerms input, ProjectionTerms recurrent, Span<short> destination)
    {
        input.CheckLength(destination.Length);
        recurrent.CheckLength(destination.Length);
        int r = 0;
        if (Avx512F.IsSupported && Vector512.IsHardwareAccelerated)
        {
            r = ToQ312SumVector512(input, recurrent, destination);
        }
        else if (Avx2.IsSupported)
        {
            r = ToQ312SumVector256(input, recurrent, destination);
        }

        if (Vector128.IsHardwareAccelerated)
        {
            int rest = destination.Length - r;
            r += ToQ312SumVector128(input.Slice(r, rest), recurrent.Slice(r, rest), destination[r..]);
        }

        ToQ312Reference(input.Accumulators[r..], input.Multipliers[r..], input.Shift, destination[r..], accumulate: false);
        ToQ312Reference(recurrent.Accumulators[r..], recurrent.Multipliers[r..], recurrent.Shift, destination[r..], accumulate: true);
    }

    /// <summary>Runs <see cref="ToQ312Sum"/> eight rows per step with portable vectors; returns the rows done.</summary>
    internal static int ToQ312SumVector128(ProjectionTerms input, ProjectionTerms recurrent, Span<short> destination)
    {
        ref short d = ref MemoryMarshal.GetReference(destination);
        int r = 0;
        for (; r <= destination.Length - Step; r += Step)
        {
            Vector128<int> low = LaneFixedPoint.SaturateToInt16(Term128(input, r) + Term128(recurrent, r));
            Vector128<int> high = LaneFixedPoint.SaturateToInt16(Term128(input, r + 4) + Term128(recurrent, r + 4));
            Vector128.Narrow(low, high).StoreUnsafe(ref d, (nuint)r);
        }

        return r;
    }

    /// <summary>Runs <see cref="ToQ312Sum"/> 32 rows per step with AVX-512F; returns the rows done. The caller checks support.</summary>
    internal static int ToQ312SumVector512(ProjectionTerms input, ProjectionTerms recurrent, Span<short> destination)
    {
        const int WideStep = 32;
        ref short d = ref MemoryMarshal.GetReference(destination);
        int r = 0;
        for (; r <= destination.Length - WideStep; r += WideStep)
        {
            Vector512<int> low = LaneFixedPoint.SaturateToInt16(Term512(input, r) + Term512(recurrent, r));
            Vector512<int> high = LaneFixedPoint.SaturateToInt16(Term512(input, r + 16) + Term512(recurrent, r + 16));
            Vector512.Narrow(low, high).StoreUnsafe(ref d, (nuint)r);
        }

        return r;
    }

    /// <summary>Runs <see cref="ToQ312Sum"/> 16 rows per step with AVX2 (VPMULDQ); returns the rows done. The caller checks support.</summary>
    internal static int ToQ312SumVector256(ProjectionTerms input, ProjectionTerms recurrent, Span<short> destination)
    {
        const int MidStep = 16;
        ref short d = ref MemoryMarshal.GetReference(destination);
        int r = 0;
        for (; r <= destination.Length - MidStep; r += MidStep)
        {
            Vector256<int> low = LaneFixedPoint.SaturateToInt16(Term256(input, r) + Term256(recurrent, r));
            Vector256<int> high = LaneFixedPoint.SaturateToInt16(Term256(input, r + 8) + Term256(recurrent, r + 8));
            Vector256.Narrow(low, high).StoreUnsafe(ref d, (nuint)r);
        }

        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Term128(ProjectionTerms terms, int row) =>
        LaneFixedPoint.SaturateToInt16(MultiplyByQuantizedMultiplier(
            Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(terms.Accumulators), (nuint)row),
            Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(terms.Multipliers), (nuint)row),
            terms.LeftShift,
            terms.RightShift));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Term256(ProjectionTerms terms, int row) =>
        LaneFixedPoint.SaturateToInt16(MultiplyByQuantizedMultiplier(
            Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(terms.Accumulators), (nuint)row),
            Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(terms.Multipliers), (nuint)row),
            terms.LeftShift,
            terms.RightShift));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Term512(ProjectionTerms terms, int row) =>
        LaneFixedPoint.SaturateToInt16(MultiplyByQuantizedMultiplier(
            Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(terms.Accumulators), (nuint)row),
            Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(terms.Multipliers), (nuint)row),
            terms.LeftShift,
            terms.RightShift));

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
        var terms = new ProjectionTerms(accumulators, multipliers, shift);
        ref short d = ref MemoryMarshal.GetReference(destination);
        int r = 0;
        for (; r <= accumulators.Length - Step; r += Step)
        {
            Vector128<int> low = Term128(terms, r);
            Vector128<int> high = Term128(terms, r + 4);
            if (accumulate)
            {
                (Vector128<int> oldLow, Vector128<int> oldHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref d, (nuint)r));
                low = LaneFixedPoint.SaturateToInt16(low + oldLow);
                high = LaneFixedPoint.SaturateToInt16(high + oldHigh);
            }

            Vector128.Narrow(low, high).StoreUnsafe(ref d, (nuint)r);
        }

        ToQ312Reference(accumulators[r..], multipliers[r..], shift, destination[r..], accumulate);
    }

    /// <summary>Requantizes 32 rows per step with 512-bit vectors (the Vector128 steps, four times wider), the rest with <see cref="ToQ312Vector128"/>; the caller checks AVX-512F.</summary>
    internal static void ToQ312Vector512(ReadOnlySpan<int> accumulators, ReadOnlySpan<int> multipliers, int shift, Span<short> destination, bool accumulate)
    {
        const int WideStep = 32;
        var terms = new ProjectionTerms(accumulators, multipliers, shift);
        ref short d = ref MemoryMarshal.GetReference(destination);
        int r = 0;
        for (; r <= accumulators.Length - WideStep; r += WideStep)
        {
            Vector512<int> low = Term512(terms, r);
            Vector512<int> high = Term512(terms, r + 16);
            if (accumulate)
            {
                (Vector512<int> oldLow, Vector512<int> oldHigh) = Vector512.Widen(Vector512.LoadUnsafe(ref d, (nuint)r));
                low = LaneFixedPoint.SaturateToInt16(low + oldLow);
                high = LaneFixedPoint.SaturateToInt16(high + oldHigh);
            }

            Vector512.Narrow(low, high).StoreUnsafe(ref d, (nuint)r);
        }

        ToQ312Vector128(accumulators[r..], multipliers[r..], shift, destination[r..], accumulate);
    }

    /// <summary>Requantizes 16 rows per step with AVX2 (the Vector512 steps at half the width), the rest with <see cref="ToQ312Vector128"/>; the caller checks AVX2.</summary>
    internal static void ToQ312Vector256(ReadOnlySpan<int> accumulators, ReadOnlySpan<int> multipliers, int shift, Span<short> destination, bool accumulate)
    {
        const int MidStep = 16;
        var terms = new ProjectionTerms(accumulators, multipliers, shift);
        ref short d = ref MemoryMarshal.GetReference(destination);
        int r = 0;
        for (; r <= accumulators.Length - MidStep; r += MidStep)
        {
            Vector256<int> low = Term256(terms, r);
            Vector256<int> high = Term256(terms, r + 8);
            if (accumulate)
            {
                (Vector256<int> oldLow, Vector256<int> oldHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref d, (nuint)r));
                low = LaneFixedPoint.SaturateToInt16(low + oldLow);
                high = LaneFixedPoint.SaturateToInt16(high + oldHigh);
            }

            Vector256.Narrow(low, high).StoreUnsafe(ref d, (nuint)r);
        }

        ToQ312Vector128(accumulators[r..], multipliers[r..], shift, destination[r..], accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> MultiplyByQuantizedMultiplier(Vector256<int> x, Vector256<int> multiplier, int leftShift, int rightShift)
    {
        x = Vector256.ShiftLeft(x, leftShift);

        // VPMULDQ on even and odd lanes, as in the 512-bit form.
        Vector256<long> even = DoublingHighMulLow(Avx2.Multiply(x, multiplier));
        Vector256<long> odd = DoublingHighMulLow(Avx2.Multiply(Vector256.ShiftRightLogical(x.AsInt64(), 32).AsInt32(), Vector256.ShiftRightLogical(multiplier.AsInt64(), 32).AsInt32()));
        Vector256<int> high = (Vector256.ShiftLeft(odd, 32) | (even & Vector256.Create(0xFFFF_FFFFL))).AsInt32();
        return LaneFixedPoint.RoundingDivideByPowerOfTwo(high, rightShift);
    }

    // The low word of the floor shift below: only the low words are kept, and for them a logical shift gives the same
    // bits as an arithmetic one (bits 31..62 of the sum), without the 64-bit arithmetic shift x64 lacks below AVX-512.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<long> DoublingHighMulLow(Vector256<long> product) =>
        Vector256.ShiftRightLogical(product + Vector256.Create(1L << 30), 31);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<long> DoublingHighMulLow(Vector128<long> product) =>
        Vector128.ShiftRightLogical(product + Vector128.Create(1L << 30), 31);

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
    private static Vector512<long> DoublingHighMul(Vector512<long> product) =>
        Vector512.ShiftRightArithmetic(product + Vector512.Create(1L << 30), 31);

    // Lane-wise MultiplyByQuantizedMultiplier for non-negative multipliers (FixedPoint documents the rounding).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> MultiplyByQuantizedMultiplier(Vector128<int> x, Vector128<int> multiplier, int leftShift, int rightShift)
    {
        x = Vector128.ShiftLeft(x, leftShift);
        Vector128<int> high;
        if (AdvSimd.IsSupported)
        {
            // SQRDMULH, (2ab + 2^31) >> 32 saturated, is the floor shift below in one instruction (gemmlowp's NEON code
            // uses it for SaturatingRoundingDoublingHighMul); it saturates only for int.MinValue², and multipliers are
            // non-negative. Arm has no 64-bit lane multiply, so the widened form would cost many more instructions.
            high = AdvSimd.MultiplyRoundedDoublingSaturateHigh(x, multiplier);
        }
        else if (Sse41.IsSupported)
        {
            // PMULDQ on even and odd lanes, as in the 512-bit form: x64 has no 64-bit lane multiply below AVX-512DQ,
            // so the portable widened form below costs a multiply emulated from three 32-bit ones per lane.
            Vector128<long> even = DoublingHighMulLow(Sse41.Multiply(x, multiplier));
            Vector128<long> odd = DoublingHighMulLow(Sse41.Multiply(Vector128.ShiftRightLogical(x.AsInt64(), 32).AsInt32(), Vector128.ShiftRightLogical(multiplier.AsInt64(), 32).AsInt32()));
            high = (Vector128.ShiftLeft(odd, 32) | (even & Vector128.Create(0xFFFF_FFFFL))).AsInt32();
        }
        else
        {
            (Vector128<long> xLow, Vector128<long> xHigh) = Vector128.Widen(x);
            (Vector128<long> mLow, Vector128<long> mHigh) = Vector128.Widen(multiplier);
            high = Vector128.Narrow(DoublingHighMul(xLow * mLow), DoublingHighMul(xHigh * mHigh));
        }

        return LaneFixedPoint.RoundingDivideByPowerOfTwo(high, rightShift);
    }

    // gemmlowp's (p + nudge) / 2^31 truncated toward zero, nudge = 2^30 for p ≥ 0 and 1 − 2^30 below, is one
    // floor shift: for p < 0 truncation adds 2^31 − 1 before flooring, and 1 − 2^30 + 2^31 − 1 = 2^30.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<long> DoublingHighMul(Vector128<long> product) =>
        Vector128.ShiftRightArithmetic(product + Vector128.Create(1L << 30), 31);
}
