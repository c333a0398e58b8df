using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeLstm.Model.Kernels;

/// <summary>Runs the packed int8 layout with portable 128-bit vectors (NEON on a Raspberry Pi, SSE on x64).</summary>
/// <remarks>
/// Portable code has no VPMADDWD, so each pair is multiplied in int16 (|w · x| ≤ 2^14 fits) and each int32 lane,
/// (p₁ · 2^16 + (p₀ mod 2^16)), is split with shifts: the arithmetic shift right by 16 gives p₁, the shift left and
/// back gives p₀. Two accumulators per four rows keep the halves apart until the end. On x64 (SSE2, what runs when
/// AVX2 is off) PMADDWD does the pair's two products and their sum in one instruction, exactly as VPMADDWD does on
/// the wider paths.
/// </remarks>
internal readonly struct PackedVector128Path : IPackedPath
{
    private const int Rows = PackedInt8Weights.BlockRows;
    private const int PairBytes = PackedInt8Weights.PairBytes;

    /// <inheritdoc/>
    public static string Name => "packed Vector128";

    /// <inheritdoc/>
    public static bool IsSupported => Vector128.IsHardwareAccelerated;

    /// <summary>Computes the sums of blocks <paramref name="firstBlock"/> to <paramref name="endBlock"/> (exclusive) into <paramref name="sums"/> at row 16 · block, added to what it holds (the bias); nothing here calls out, so the accumulators stay in registers.</summary>
    public static void MultiplyAdd(ref sbyte packed, int firstBlock, int endBlock, int pairs, ReadOnlySpan<int> words, ref int sums)
    {
        if (Sse2.IsSupported)
        {
            MultiplyAddSse2(ref packed, firstBlock, endBlock, pairs, words, ref sums);
            return;
        }

        ref int x = ref MemoryMarshal.GetReference(words);
        nint blockBytes = (nint)pairs * PairBytes;
        for (int block = firstBlock; block < endBlock; block++)
        {
            ref sbyte w = ref Unsafe.Add(ref packed, block * blockBytes);
            nuint first = (nuint)(block * Rows);
            var rows0 = new SplitSums(Vector128.LoadUnsafe(ref sums, first));
            var rows4 = new SplitSums(Vector128.LoadUnsafe(ref sums, first + 4));
            var rows8 = new SplitSums(Vector128.LoadUnsafe(ref sums, first + 8));
            var rows12 = new SplitSums(Vector128.LoadUnsafe(ref sums, first + 12));
            for (int p = 0; p < pairs; p++)
            {
                Vector128<short> pair = Vector128.Create(Unsafe.Add(ref x, p)).AsInt16();
                nuint offset = (nuint)p * PairBytes;
                (Vector128<short> w0, Vector128<short> w4) = Vector128.Widen(Vector128.LoadUnsafe(ref w, offset));
                (Vector128<short> w8, Vector128<short> w12) = Vector128.Widen(Vector128.LoadUnsafe(ref w, offset + 16));
                rows0.Add(w0 * pair);
                rows4.Add(w4 * pair);
                rows8.Add(w8 * pair);
                rows12.Add(w12 * pair);
            }

            rows0.Total.StoreUnsafe(ref sums, first);
            rows4.Total.StoreUnsafe(ref sums, first + 4);
            rows8.Total.StoreUnsafe(ref sums, first + 8);
            rows12.Total.StoreUnsafe(ref sums, first + 12);
        }
    }

    private static void MultiplyAddSse2(ref sbyte packed, int firstBlock, int endBlock, int pairs, ReadOnlySpan<int> words, ref int sums)
    {
        ref int x = ref MemoryMarshal.GetReference(words);
        nint blockBytes = (nint)pairs * PairBytes;
        for (int block = firstBlock; block < endBlock; block++)
        {
            ref sbyte w = ref Unsafe.Add(ref packed, block * blockBytes);
            nuint first = (nuint)(block * Rows);
            Vector128<int> rows0 = Vector128.LoadUnsafe(ref sums, first);
            Vector128<int> rows4 = Vector128.LoadUnsafe(ref sums, first + 4);
            Vector128<int> rows8 = Vector128.LoadUnsafe(ref sums, first + 8);
            Vector128<int> rows12 = Vector128.LoadUnsafe(ref sums, first + 12);
            for (int p = 0; p < pairs; p++)
            {
                Vector128<short> pair = Vector128.Create(Unsafe.Add(ref x, p)).AsInt16();
                nuint offset = (nuint)p * PairBytes;
                (Vector128<short> w0, Vector128<short> w4) = Vector128.Widen(Vector128.LoadUnsafe(ref w, offset));
                (Vector128<short> w8, Vector128<short> w12) = Vector128.Widen(Vector128.LoadUnsafe(ref w, offset + 16));
                rows0 += Sse2.MultiplyAddAdjacent(w0, pair);
                rows4 += Sse2.MultiplyAddAdjacent(w4, pair);
                rows8 += Sse2.MultiplyAddAdjacent(w8, pair);
                rows12 += Sse2.MultiplyAddAdjacent(w12, pair);
            }

            rows0.StoreUnsafe(ref sums, first);
            rows4.StoreUnsafe(ref sums, first + 4);
            rows8.StoreUnsafe(ref sums, first + 8);
            rows12.StoreUnsafe(ref sums, first + 12);
        }
    }

    // Sums of four rows' products kept as their high (odd column) and low (even column) int16 halves.
    private struct SplitSums
    {
        private Vector128<int> _high;
        private Vector128<int> _low;

        public SplitSums(Vector128<int> initial)
        {
            _high = initial;
            _low = Vector128<int>.Zero;
        }

        public readonly Vector128<int> Total => _high + _low;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(Vector128<short> products)
        {
            Vector128<int> lanes = products.AsInt32();
            _high += Vector128.ShiftRightArithmetic(lanes, 16);
            _low += Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(lanes, 16), 16);
        }
    }
}
