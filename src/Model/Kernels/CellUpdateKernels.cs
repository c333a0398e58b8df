using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Model.Kernels;

/// <summary>
/// Computes the element-wise stage of an integer cell step after the gates are activated: the new cell state, the
/// Q3.12 input of tanh(c'), and the new hidden state. The scalar methods are the specification (see
/// <see cref="IntegerCellStep"/>); the portable Vector128 path returns the same bits eight units at a time.
/// </summary>
/// <remarks>
/// All products are of int16 values, so each is exact in an int32 lane; rounding shifts and saturations are the
/// lane-wise forms of <see cref="FixedPoint"/>'s.
/// </remarks>
internal static class CellUpdateKernels
{
    private const int Step = 8;

    /// <summary>Updates the cell state and writes the Q3.12 argument of tanh for every unit.</summary>
    /// <param name="inputGate">i in Q0.15.</param>
    /// <param name="forgetGate">f in Q0.15 (the input gate itself for lite).</param>
    /// <param name="candidate">g in Q0.15.</param>
    /// <param name="cellState">c at scale 2^−k, replaced by c'.</param>
    /// <param name="tanhArgument">Receives c' in Q3.12, saturated.</param>
    /// <param name="cellExponent">k, 0..15.</param>
    /// <remarks>This method effectively computes <see cref="UpdateCellReference"/>.</remarks>
    public static void UpdateCell(ReadOnlySpan<short> inputGate, ReadOnlySpan<short> forgetGate, ReadOnlySpan<short> candidate, Span<short> cellState, Span<short> tanhArgument, int cellExponent)
    {
        int n = cellState.Length;
        if (inputGate.Length < n || forgetGate.Length < n || candidate.Length < n || tanhArgument.Length < n)
        {
            ThrowHelper.ThrowLength(nameof(tanhArgument), tanhArgument.Length, n);
        }

        int u = Vector128.IsHardwareAccelerated ? UpdateCellVector128(inputGate, forgetGate, candidate, cellState, tanhArgument, cellExponent) : 0;
        UpdateCellReference(inputGate[u..n], forgetGate[u..n], candidate[u..n], cellState[u..], tanhArgument[u..n], cellExponent);
    }

    /// <summary>Computes the new hidden state h' = clamp(RoundingDivideByPOT(o · tanh(c'), 23), −128, 127) for every unit.</summary>
    /// <param name="outputGate">o in Q0.15.</param>
    /// <param name="tanhCell">tanh(c') in Q0.15.</param>
    /// <param name="hidden">Receives h' (real value h' / 128).</param>
    /// <remarks>This method effectively computes <see cref="HiddenReference"/>.</remarks>
    public static void Hidden(ReadOnlySpan<short> outputGate, ReadOnlySpan<short> tanhCell, Span<sbyte> hidden)
    {
        int n = hidden.Length;
        if (outputGate.Length < n || tanhCell.Length < n)
        {
            ThrowHelper.ThrowLength(nameof(tanhCell), tanhCell.Length, n);
        }

        int u = Vector128.IsHardwareAccelerated ? HiddenVector128(outputGate, tanhCell, hidden) : 0;
        HiddenReference(outputGate[u..n], tanhCell[u..n], hidden[u..]);
    }

    /// <summary>The cell update one unit at a time: the specification.</summary>
    internal static void UpdateCellReference(ReadOnlySpan<short> inputGate, ReadOnlySpan<short> forgetGate, ReadOnlySpan<short> candidate, Span<short> cellState, Span<short> tanhArgument, int cellExponent)
    {
        int k = cellExponent;
        for (int u = 0; u < cellState.Length; u++)
        {
            short kept = FixedPoint.SaturateToInt16(FixedPoint.RoundingDivideByPowerOfTwo(forgetGate[u] * cellState[u], 15));
            short added = FixedPoint.SaturateToInt16(FixedPoint.RoundingDivideByPowerOfTwo(inputGate[u] * candidate[u], 30 - k));
            short c = FixedPoint.SaturatingAdd(kept, added);
            cellState[u] = c;
            tanhArgument[u] = k >= 12
                ? (short)FixedPoint.RoundingDivideByPowerOfTwo(c, k - 12)
                : FixedPoint.SaturatingShiftLeft(c, 12 - k);
        }
    }

    /// <summary>The hidden state one unit at a time: the specification.</summary>
    internal static void HiddenReference(ReadOnlySpan<short> outputGate, ReadOnlySpan<short> tanhCell, Span<sbyte> hidden)
    {
        for (int u = 0; u < hidden.Length; u++)
        {
            hidden[u] = FixedPoint.SaturateToInt8(FixedPoint.RoundingDivideByPowerOfTwo(outputGate[u] * tanhCell[u], 23));
        }
    }

    /// <summary>Runs the cell update eight units per step; returns the first unit it left to the scalar code.</summary>
    internal static int UpdateCellVector128(ReadOnlySpan<short> inputGate, ReadOnlySpan<short> forgetGate, ReadOnlySpan<short> candidate, Span<short> cellState, Span<short> tanhArgument, int cellExponent)
    {
        int k = cellExponent;
        ref short i = ref MemoryMarshal.GetReference(inputGate);
        ref short f = ref MemoryMarshal.GetReference(forgetGate);
        ref short g = ref MemoryMarshal.GetReference(candidate);
        ref short c = ref MemoryMarshal.GetReference(cellState);
        ref short t = ref MemoryMarshal.GetReference(tanhArgument);
        int u = 0;
        for (; u <= cellState.Length - Step; u += Step)
        {
            (Vector128<int> iLow, Vector128<int> iHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref i, (nuint)u));
            (Vector128<int> fLow, Vector128<int> fHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref f, (nuint)u));
            (Vector128<int> gLow, Vector128<int> gHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref g, (nuint)u));
            (Vector128<int> cLow, Vector128<int> cHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref c, (nuint)u));
            Vector128<int> newLow = NewCell(iLow, fLow, gLow, cLow, k);
            Vector128<int> newHigh = NewCell(iHigh, fHigh, gHigh, cHigh, k);
            Vector128.Narrow(newLow, newHigh).StoreUnsafe(ref c, (nuint)u);
            Vector128.Narrow(TanhArgument(newLow, k), TanhArgument(newHigh, k)).StoreUnsafe(ref t, (nuint)u);
        }

        return u;
    }

    /// <summary>Computes the hidden state eight units per step; returns the first unit it left to the scalar code.</summary>
    internal static int HiddenVector128(ReadOnlySpan<short> outputGate, ReadOnlySpan<short> tanhCell, Span<sbyte> hidden)
    {
        ref short o = ref MemoryMarshal.GetReference(outputGate);
        ref short t = ref MemoryMarshal.GetReference(tanhCell);
        ref sbyte h = ref MemoryMarshal.GetReference(hidden);
        int u = 0;
        for (; u <= hidden.Length - (2 * Step); u += 2 * Step)
        {
            Vector128<short> first = HiddenOf8(ref o, ref t, u);
            Vector128<short> second = HiddenOf8(ref o, ref t, u + Step);
            Vector128.Narrow(first, second).StoreUnsafe(ref h, (nuint)u);
        }

        return u;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> HiddenOf8(ref short o, ref short t, int u)
    {
        (Vector128<int> oLow, Vector128<int> oHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref o, (nuint)u));
        (Vector128<int> tLow, Vector128<int> tHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref t, (nuint)u));
        return Vector128.Narrow(LaneFixedPoint.Clamp(LaneFixedPoint.RoundingDivideByPowerOfTwo(oLow * tLow, 23), sbyte.MinValue, sbyte.MaxValue),
            LaneFixedPoint.Clamp(LaneFixedPoint.RoundingDivideByPowerOfTwo(oHigh * tHigh, 23), sbyte.MinValue, sbyte.MaxValue));
    }

    // c' = sat16(sat16(RDBPOT(f · c, 15)) + sat16(RDBPOT(i · g, 30 − k))), kept in int32 lanes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> NewCell(Vector128<int> i, Vector128<int> f, Vector128<int> g, Vector128<int> c, int k)
    {
        Vector128<int> kept = LaneFixedPoint.SaturateToInt16(LaneFixedPoint.RoundingDivideByPowerOfTwo(f * c, 15));
        Vector128<int> added = LaneFixedPoint.SaturateToInt16(LaneFixedPoint.RoundingDivideByPowerOfTwo(i * g, 30 - k));
        return LaneFixedPoint.SaturateToInt16(kept + added);
    }

    // c' at scale 2^−k to Q3.12: a rounding shift right when k ≥ 12, else a saturating shift left (c' · 2^12 fits int32).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> TanhArgument(Vector128<int> cell, int k) =>
        k >= 12
            ? LaneFixedPoint.RoundingDivideByPowerOfTwo(cell, k - 12)
            : LaneFixedPoint.SaturateToInt16(Vector128.ShiftLeft(cell, 12 - k));
}
