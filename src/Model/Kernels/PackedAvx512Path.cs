using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeLstm.Model.Kernels;

/// <summary>Runs the packed int8 layout on x64 AVX-512BW: four blocks (64 rows) per pass, one VPMADDWD per block and column pair.</summary>
/// <remarks>Exact: each lane adds two products of at most 2^14 into int32 (see <see cref="PackedInt8Weights"/>). Callers check support.</remarks>
internal readonly struct PackedAvx512Path : IPackedPath
{
    private const int Rows = PackedInt8Weights.BlockRows;
    private const int PairBytes = PackedInt8Weights.PairBytes;

    /// <inheritdoc/>
    public static string Name => "packed AVX-512BW";

    /// <inheritdoc/>
    public static bool IsSupported => Avx512BW.IsSupported;

    /// <summary>Computes the sums of blocks <paramref name="firstBlock"/> to <paramref name="endBlock"/> (exclusive) into <paramref name="sums"/> at row 16 · block, added to what it holds (the bias); nothing here calls out, so the accumulators stay in registers.</summary>
    public static void MultiplyAdd(ref sbyte packed, int firstBlock, int endBlock, int pairs, ReadOnlySpan<int> words, ref int sums)
    {
        ref int x = ref MemoryMarshal.GetReference(words);
        nint blockBytes = (nint)pairs * PairBytes;
        int block = firstBlock;

        // Four blocks share each broadcast pair; four independent accumulators also hide VPMADDWD's latency.
        for (; block <= endBlock - 4; block += 4)
        {
            ref sbyte w0 = ref Unsafe.Add(ref packed, block * blockBytes);
            ref sbyte w1 = ref Unsafe.Add(ref w0, blockBytes);
            ref sbyte w2 = ref Unsafe.Add(ref w1, blockBytes);
            ref sbyte w3 = ref Unsafe.Add(ref w2, blockBytes);
            Vector512<int> s0 = Vector512.LoadUnsafe(ref sums, (nuint)(block * Rows));
            Vector512<int> s1 = Vector512.LoadUnsafe(ref sums, (nuint)((block + 1) * Rows));
            Vector512<int> s2 = Vector512.LoadUnsafe(ref sums, (nuint)((block + 2) * Rows));
            Vector512<int> s3 = Vector512.LoadUnsafe(ref sums, (nuint)((block + 3) * Rows));
            for (int p = 0; p < pairs; p++)
            {
                Vector512<short> pair = Vector512.Create(Unsafe.Add(ref x, p)).AsInt16();
                nuint offset = (nuint)p * PairBytes;
                s0 = Avx512F.Add(s0, Avx512BW.MultiplyAddAdjacent(Widen(ref w0, offset), pair));
                s1 = Avx512F.Add(s1, Avx512BW.MultiplyAddAdjacent(Widen(ref w1, offset), pair));
                s2 = Avx512F.Add(s2, Avx512BW.MultiplyAddAdjacent(Widen(ref w2, offset), pair));
                s3 = Avx512F.Add(s3, Avx512BW.MultiplyAddAdjacent(Widen(ref w3, offset), pair));
            }

            s0.StoreUnsafe(ref sums, (nuint)(block * Rows));
            s1.StoreUnsafe(ref sums, (nuint)((block + 1) * Rows));
            s2.StoreUnsafe(ref sums, (nuint)((block + 2) * Rows));
            s3.StoreUnsafe(ref sums, (nuint)((block + 3) * Rows));
        }

        for (; block < endBlock; block++)
        {
            ref sbyte w = ref Unsafe.Add(ref packed, block * blockBytes);
            Vector512<int> sum = Vector512.LoadUnsafe(ref sums, (nuint)(block * Rows));
            for (int p = 0; p < pairs; p++)
            {
                sum = Avx512F.Add(sum, Avx512BW.MultiplyAddAdjacent(Widen(ref w, (nuint)p * PairBytes), Vector512.Create(Unsafe.Add(ref x, p)).AsInt16()));
            }

            sum.StoreUnsafe(ref sums, (nuint)(block * Rows));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<short> Widen(ref sbyte source, nuint offset) =>
        Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref source, offset));
}
