using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;

namespace EdgeLstm.Model.Kernels;

/// <summary>Runs the packed int8 layout on Arm64 NEON without the dot-product extension (a Raspberry Pi 4): SMULL and
/// SADALP, the int8 matrix-vector pair of Armv8.0, in place of x64's VPMADDWD.</summary>
/// <remarks>
/// A block's 32 bytes for one column pair hold, for each of its 16 rows, W[r, 2p] and W[r, 2p + 1] side by side. SMULL
/// multiplies eight of them by the pair (x[2p], x[2p + 1]) repeated, exactly in int16 (an int8 · int8 product fits);
/// SADALP adds each row's two products into its int32 accumulator. Sums wrap in int32 like the reference's. Callers
/// check support.
/// </remarks>
internal readonly struct PackedArm64Path : IPackedPath
{
    private const int Rows = PackedInt8Weights.BlockRows;
    private const int PairBytes = PackedInt8Weights.PairBytes;

    /// <inheritdoc/>
    public static string Name => "packed NEON";

    /// <inheritdoc/>
    public static bool IsSupported => AdvSimd.Arm64.IsSupported;

    /// <summary>Computes the sums of blocks <paramref name="firstBlock"/> to <paramref name="endBlock"/> (exclusive) into <paramref name="sums"/> at row 16 · block, added to what it holds (the bias); nothing here calls out, so the accumulators stay in registers.</summary>
    public static void MultiplyAdd(ref sbyte packed, int firstBlock, int endBlock, int pairs, ReadOnlySpan<int> words, ref int sums)
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
                Vector128<sbyte> pair = BytePair(Unsafe.Add(ref x, p));
                nuint offset = (nuint)p * PairBytes;
                Vector128<sbyte> w0 = Vector128.LoadUnsafe(ref w, offset);
                Vector128<sbyte> w8 = Vector128.LoadUnsafe(ref w, offset + 16);
                rows0 = AdvSimd.AddPairwiseWideningAndAdd(rows0, AdvSimd.MultiplyWideningLower(w0.GetLower(), pair.GetLower()));
                rows4 = AdvSimd.AddPairwiseWideningAndAdd(rows4, AdvSimd.MultiplyWideningUpper(w0, pair));
                rows8 = AdvSimd.AddPairwiseWideningAndAdd(rows8, AdvSimd.MultiplyWideningLower(w8.GetLower(), pair.GetLower()));
                rows12 = AdvSimd.AddPairwiseWideningAndAdd(rows12, AdvSimd.MultiplyWideningUpper(w8, pair));
            }

            rows0.StoreUnsafe(ref sums, first);
            rows4.StoreUnsafe(ref sums, first + 4);
            rows8.StoreUnsafe(ref sums, first + 8);
            rows12.StoreUnsafe(ref sums, first + 12);
        }
    }

    // The word holds the int16 pair (x[2p], x[2p + 1]), so its even bytes are their low bytes, the int8 pair: UZP1 of the
    // broadcast word picks them, repeated.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<sbyte> BytePair(int word)
    {
        Vector128<sbyte> broadcast = Vector128.Create(word).AsSByte();
        return AdvSimd.Arm64.UnzipEven(broadcast, broadcast);
    }
}
