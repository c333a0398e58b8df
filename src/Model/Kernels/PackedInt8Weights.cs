using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EdgeLstm.Model.Kernels;

/// <summary>
/// Holds an int8 weight matrix repacked for matrix-vector products at batch 1: sixteen rows side by side, two columns
/// at a time, so that one multiply-add instruction produces sixteen rows' partial sums and no horizontal reduction is
/// left at the end of a row.
/// </summary>
/// <remarks>
/// <para>Layout: rows are cut into blocks of <see cref="BlockRows"/>, columns into pairs. Block B, pair p occupies 32
/// consecutive bytes at <c>(B · Pairs + p) · 32</c>: for lane l = 0..15 the bytes W[16B + l, 2p] and W[16B + l, 2p + 1].
/// Rows and columns past the matrix's edge are zero, so they add nothing.</para>
/// <para>The vector is turned once per call into int32 words holding the sign-extended int16 pair
/// (x[2p], x[2p + 1]); broadcasting a word and multiplying it into a block's widened bytes with VPMADDWD (AVX2,
/// AVX-512BW) gives, in lane l, W[16B + l, 2p] · x[2p] + W[16B + l, 2p + 1] · x[2p + 1] exactly. Arm64 gets the
/// same sums from SMULL (int8 products in int16) and SADALP (each row's two products added into int32). The portable
/// Vector128 path multiplies in int16 (an int8 · int8 product fits) and separates each int32 lane's two halves with
/// shifts. Every path returns the bits of <see cref="ReferenceKernels.MultiplyAdd(ReadOnlySpan{sbyte}, int, int, ReadOnlySpan{sbyte}, ReadOnlySpan{int}, Span{int})"/>.</para>
/// <para>This is the layout of x86 int8 GEMV kernels in XNNPACK and oneDNN ("packed weights"); it costs one copy of
/// the weights next to the row-major ones the model file and the other kernels use.</para>
/// </remarks>
internal sealed class PackedInt8Weights
{
    /// <summary>The rows of one block: the int32 lanes of a 512-bit register.</summary>
    public const int BlockRows = 16;

    /// <summary>The bytes one block holds for one pair of columns.</summary>
    public const int PairBytes = BlockRows * 2;

    // Up to this many words live on the stack (zeroed on entry, so sized to the call); more are rented.
    private const int StackInts = 1024;

    // A chunk of blocks applied to a whole batch at a time: half the 32 KiB first-level data cache of common cores.
    private const int CacheChunkBytes = 16 * 1024;

    // Blocks start on a cache line: a 32-byte load that straddles two lines costs a second access, and a .NET
    // array's data is only 8-byte aligned, which left every other load straddling in measurements.
    private const int CacheLine = 64;

    private readonly sbyte[] _packed;
    private readonly int _start;

    private PackedInt8Weights(sbyte[] packed, int start, int rows, int columns)
    {
        _packed = packed;
        _start = start;
        Rows = rows;
        Columns = columns;
        RowBlocks = (rows + BlockRows - 1) / BlockRows;
        Pairs = (columns + 1) / 2;
    }

    /// <summary>Gets a value indicating whether this machine has a vector path for the packed layout.</summary>
    public static bool IsSupported => Vector128.IsHardwareAccelerated;

    /// <summary>Gets the number of rows.</summary>
    public int Rows { get; }

    /// <summary>Gets the number of columns.</summary>
    public int Columns { get; }

    /// <summary>Gets the number of row blocks, ⌈rows / 16⌉.</summary>
    public int RowBlocks { get; }

    /// <summary>Gets the number of column pairs, ⌈columns / 2⌉.</summary>
    public int Pairs { get; }

    /// <summary>Gets the paths of the packed layout, widest first; the last runs wherever <see cref="IsSupported"/>.</summary>
    public static IReadOnlyList<InstructionPath<PackedKernel>> Paths { get; } =
    [
        InstructionPath.Of<PackedAvx512Path, PackedKernel>(MultiplyAddBatch<PackedAvx512Path>),
        InstructionPath.Of<PackedAvx2Path, PackedKernel>(MultiplyAddBatch<PackedAvx2Path>),
        InstructionPath.Of<PackedArm64Path, PackedKernel>(MultiplyAddBatch<PackedArm64Path>),
        InstructionPath.Of<PackedVector128Path, PackedKernel>(MultiplyAddBatch<PackedVector128Path>),
    ];

    // After the table: static fields are initialised in text order.
    private static readonly PackedKernel? s_best = IsSupported ? InstructionPath.Best(Paths).Kernel : null;

    /// <summary>Gets the name of the widest packed path of this machine.</summary>
    /// <exception cref="InvalidOperationException">The machine has no vector path (<see cref="IsSupported"/> is false).</exception>
    public static string ActivePath => InstructionPath.Best(Paths).Name;

    /// <summary>Repacks a row-major matrix.</summary>
    /// <param name="weights">The matrix, <paramref name="rows"/> × <paramref name="columns"/>, row-major.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    /// <returns>The packed copy.</returns>
    public static PackedInt8Weights Pack(ReadOnlySpan<sbyte> weights, int rows, int columns)
    {
        if (weights.Length != (long)rows * columns)
        {
            ThrowHelper.ThrowLength(nameof(weights), weights.Length, (long)rows * columns);
        }

        int rowBlocks = (rows + BlockRows - 1) / BlockRows;
        int pairs = (columns + 1) / 2;
        (sbyte[] packed, int start) = AllocateAligned(rowBlocks * pairs * PairBytes);
        for (int r = 0; r < rows; r++)
        {
            int block = r / BlockRows;
            int lane = r % BlockRows;
            for (int j = 0; j < columns; j++)
            {
                packed[start + (((block * pairs) + (j / 2)) * PairBytes) + (lane * 2) + (j % 2)] = weights[(r * columns) + j];
            }
        }

        return new PackedInt8Weights(packed, start, rows, columns);
    }

    /// <summary>Computes <c>destination[r] = bias[r] + Σ_j W[r, j] · vector[j]</c> on the widest path of this machine.</summary>
    /// <param name="vector">The vector, <see cref="Columns"/> long (checked by the caller).</param>
    /// <param name="bias">The bias, <see cref="Rows"/> long, or empty.</param>
    /// <param name="destination">Receives the sums, at least <see cref="Rows"/> long.</param>
    /// <exception cref="InvalidOperationException">The machine has no vector path (<see cref="IsSupported"/> is false).</exception>
    public void MultiplyAdd(ReadOnlySpan<sbyte> vector, ReadOnlySpan<int> bias, Span<int> destination) =>
        MultiplyAddBatch(vector, 1, bias, destination);

    /// <summary>Computes <c>destination[b·Rows + r] = bias[r] + Σ_j W[r, j] · vectors[b·Columns + j]</c> on the widest path of this machine.</summary>
    /// <param name="vectors">The vectors, <paramref name="batch"/> × <see cref="Columns"/> (checked by the caller).</param>
    /// <param name="batch">The number of vectors.</param>
    /// <param name="bias">The bias, <see cref="Rows"/> long, or empty.</param>
    /// <param name="destination">Receives the sums, at least <paramref name="batch"/> × <see cref="Rows"/> long.</param>
    /// <exception cref="InvalidOperationException">The machine has no vector path (<see cref="IsSupported"/> is false).</exception>
    public void MultiplyAddBatch(ReadOnlySpan<sbyte> vectors, int batch, ReadOnlySpan<int> bias, Span<int> destination)
    {
        if (s_best is null)
        {
            throw new InvalidOperationException("The packed layout needs 128-bit SIMD.");
        }

        s_best(this, vectors, batch, bias, destination);
    }

    /// <summary>Computes the batched product on one path (the tables' entries); the caller checks the path is supported.</summary>
    /// <remarks>
    /// A chunk of blocks small enough to stay in the first-level cache is applied to every vector before the next
    /// chunk is read, so a large batch reads the weights from memory once.
    /// </remarks>
    internal static void MultiplyAddBatch<TPath>(PackedInt8Weights weights, ReadOnlySpan<sbyte> vectors, int batch, ReadOnlySpan<int> bias, Span<int> destination)
        where TPath : IPackedPath =>
        weights.MultiplyAddBatch<TPath>(vectors, batch, bias, destination);

    private void MultiplyAddBatch<TPath>(ReadOnlySpan<sbyte> vectors, int batch, ReadOnlySpan<int> bias, Span<int> destination)
        where TPath : IPackedPath
    {
        int wordCount = batch * Pairs;
        int[]? rentedWords = wordCount > StackInts ? ArrayPool<int>.Shared.Rent(wordCount) : null;
        Span<int> words = rentedWords is null ? stackalloc int[wordCount] : rentedWords;
        for (int b = 0; b < batch; b++)
        {
            PairUp(vectors.Slice(b * Columns, Columns), words.Slice(b * Pairs, Pairs));
        }

        // The kernels add to whole blocks of sums that start as the bias; when the rows are not a multiple of 16
        // they work in a padded scratch.
        int paddedRows = RowBlocks * BlockRows;
        bool padded = paddedRows != Rows;
        int sumCount = padded ? batch * paddedRows : 0;
        int[]? rentedSums = sumCount > StackInts ? ArrayPool<int>.Shared.Rent(sumCount) : null;
        Span<int> sums = padded ? (rentedSums is null ? stackalloc int[sumCount] : rentedSums) : destination;
        int sumStride = padded ? paddedRows : Rows;

        for (int b = 0; b < batch; b++)
        {
            Span<int> initial = sums.Slice(b * sumStride, sumStride);
            if (bias.IsEmpty)
            {
                initial.Clear();
            }
            else
            {
                bias.CopyTo(initial);
                initial[Rows..].Clear();
            }
        }

        ref sbyte packed = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_packed), _start);
        int chunkBlocks = batch == 1 ? RowBlocks : Math.Max(4, CacheChunkBytes / Math.Max(1, Pairs * PairBytes));
        for (int firstBlock = 0; firstBlock < RowBlocks; firstBlock += chunkBlocks)
        {
            int endBlock = Math.Min(RowBlocks, firstBlock + chunkBlocks);
            for (int b = 0; b < batch; b++)
            {
                ReadOnlySpan<int> vectorWords = words.Slice(b * Pairs, Pairs);
                ref int vectorSums = ref sums[b * sumStride];
                TPath.MultiplyAdd(ref packed, firstBlock, endBlock, Pairs, vectorWords, ref vectorSums);
            }
        }

        if (padded)
        {
            for (int b = 0; b < batch; b++)
            {
                sums.Slice(b * sumStride, Rows).CopyTo(destination.Slice(b * Rows, Rows));
            }
        }

        if (rentedWords is not null)
        {
            ArrayPool<int>.Shared.Return(rentedWords);
        }

        if (rentedSums is not null)
        {
            ArrayPool<int>.Shared.Return(rentedSums);
        }
    }

    // The pinned object heap never moves an array, so an offset that aligns it once aligns it for good.
    private static (sbyte[] Array, int Start) AllocateAligned(int length)
    {
        sbyte[] array = GC.AllocateArray<sbyte>(length + CacheLine, pinned: true);
        GCHandle handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        long address = handle.AddrOfPinnedObject();
        handle.Free();
        int start = (int)((CacheLine - (address % CacheLine)) % CacheLine);
        return (array, start);
    }

    // Word p holds the int16 pair (x[2p], x[2p + 1]): on a little-endian machine (every target of this code) that is
    // the vector widened to int16, read as int32; an odd last column is paired with zero.
    private void PairUp(ReadOnlySpan<sbyte> vector, Span<int> words)
    {
        if (!BitConverter.IsLittleEndian)
        {
            for (int p = 0; p < words.Length; p++)
            {
                words[p] = (vector[2 * p] & 0xFFFF) + ((2 * p) + 1 < Columns ? vector[(2 * p) + 1] << 16 : 0);
            }

            return;
        }

        Span<short> halves = MemoryMarshal.Cast<int, short>(words);
        int j = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; j <= Columns - Vector128<sbyte>.Count; j += Vector128<sbyte>.Count)
            {
                (Vector128<short> low, Vector128<short> high) = Vector128.Widen(Vector128.Create(vector.Slice(j, Vector128<sbyte>.Count)));
                low.CopyTo(halves[j..]);
                high.CopyTo(halves[(j + Vector128<short>.Count)..]);
            }
        }

        for (; j < Columns; j++)
        {
            halves[j] = vector[j];
        }

        if (Columns < halves.Length)
        {
            halves[Columns] = 0;
        }
    }
}
