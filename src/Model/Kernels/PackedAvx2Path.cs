using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeLstm.Model.Kernels;

/// <summary>Runs the packed int8 layout on x64 AVX2: a block's 32 bytes per pair are two 8-row halves, two blocks per pass.</summary>
/// <remarks>Exact for the reason <see cref="PackedAvx512Path"/> is. Callers check support.</remarks>
internal readonly struct PackedAvx2Path : IPackedPath
{
    private const int Rows = PackedInt8Weights.BlockRows;
    private const int HalfRows = Rows / 2;
    private const int PairBytes = PackedInt8Weights.PairBytes;

    /// <inheritdoc/>
    public static string Name => "packed AVX2";

    /// <inheritdoc/>
    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>Computes the sums of blocks <paramref name="firstBlock"/> to <paramref name="endBlock"/> (exclusive) into <paramref name="sums"/> at row 16 · block, added to what it holds (the bias); nothing here calls out, so the accumulators stay in registers.</summary>
    public static void MultiplyAdd(ref sbyte packed, int firstBlock, int endBlock, int pairs, ReadOnlySpan<int> words, ref int sums)
    {
        ref int x = ref MemoryMarshal.GetReference(words);
        nint blockBytes = (nint)pairs * PairBytes;
        int block = firstBlock;
        for (; block <= endBlock - 2; block += 2)
        {
            ref sbyte w0 = ref Unsafe.Add(ref packed, block * blockBytes);
            ref sbyte w1 = ref Unsafe.Add(ref w0, blockBytes);
            Vector256<int> low0 = Vector256.LoadUnsafe(ref sums, (nuint)(block * Rows));
            Vector256<int> high0 = Vector256.LoadUnsafe(ref sums, (nuint)((block * Rows) + HalfRows));
            Vector256<int> low1 = Vector256.LoadUnsafe(ref sums, (nuint)((block + 1) * Rows));
            Vector256<int> high1 = Vector256.LoadUnsafe(ref sums, (nuint)(((block + 1) * Rows) + HalfRows));
            for (int p = 0; p < pairs; p++)
            {
                Vector256<short> pair = Vector256.Create(Unsafe.Add(ref x, p)).AsInt16();
                nuint offset = (nuint)p * PairBytes;
                low0 = Avx2.Add(low0, Avx2.MultiplyAddAdjacent(Widen(ref w0, offset), pair));
                high0 = Avx2.Add(high0, Avx2.MultiplyAddAdjacent(Widen(ref w0, offset + HalfRows * 2), pair));
                low1 = Avx2.Add(low1, Avx2.MultiplyAddAdjacent(Widen(ref w1, offset), pair));
                high1 = Avx2.Add(high1, Avx2.MultiplyAddAdjacent(Widen(ref w1, offset + HalfRows * 2), pair));
            }

            low0.StoreUnsafe(ref sums, (nuint)(block * Rows));
            high0.StoreUnsafe(ref sums, (nuint)((block * Rows) + HalfRows));
            low1.StoreUnsafe(ref sums, (nuint)((block + 1) * Rows));
            high1.StoreUnsafe(ref sums, (nuint)(((block + 1) * Rows) + HalfRows));
        }

        for (; block < endBlock; block++)
        {
            ref sbyte w = ref Unsafe.Add(ref packed, block * blockBytes);
            Vector256<int> low = Vector256.LoadUnsafe(ref sums, (nuint)(block * Rows));
            Vector256<int> high = Vector256.LoadUnsafe(ref sums, (nuint)((block * Rows) + HalfRows));
            for (int p = 0; p < pairs; p++)
            {
                Vector256<short> pair = Vector256.Create(Unsafe.Add(ref x, p)).AsInt16();
                nuint offset = (nuint)p * PairBytes;
                low = Avx2.Add(low, Avx2.MultiplyAddAdjacent(Widen(ref w, offset), pair));
                high = Avx2.Add(high, Avx2.MultiplyAddAdjacent(Widen(ref w, offset + HalfRows * 2), pair));
            }

            low.StoreUnsafe(ref sums, (nuint)(block * Rows));
            high.StoreUnsafe(ref sums, (nuint)((block * Rows) + HalfRows));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Widen(ref sbyte source, nuint offset) =>
        Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref source, offset));
}
