using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EdgeLstm.Model.Kernels;

/// <summary>
/// Provides the integer matrix kernels of the cells: validated entries that dispatch to the widest instruction path
/// of this machine, the table of those paths, and the one generic driver every path runs in.
/// </summary>
/// <remarks>
/// Every path returns the bits of <see cref="ReferenceKernels"/>. The tables list the paths widest first (AVX-512BW,
/// AVX-VNNI, AVX2, Arm64 dot product for int8 weights, portable Vector128, scalar reference); the entries call the
/// first supported one, chosen once. The driver is specialised by the JIT for each path and weight type, so inside a
/// product a path costs no indirection. Nothing is allocated.
/// </remarks>
internal static class MatrixKernels
{
    /// <summary>The largest row or column count the kernels accept (sparse column indices are 16-bit).</summary>
    public const int MaxDimension = 65536;

    /// <summary>The column granularity of the paths' dot products: the driver hands them a multiple of this and adds the remaining columns itself.</summary>
    public const int VectorColumns = 16;

    private const int RowBlock = 4;

    /// <summary>Gets the paths of the int8-weight kernels, widest first; the last runs everywhere.</summary>
    public static IReadOnlyList<InstructionPath<DenseKernel<sbyte>>> Int8Paths { get; } =
    [
        InstructionPath.Of<Avx512DotPath, DenseKernel<sbyte>>(MultiplyAddBatch<Avx512DotPath, sbyte>),
        InstructionPath.Of<AvxVnniDotPath, DenseKernel<sbyte>>(MultiplyAddBatch<AvxVnniDotPath, sbyte>),
        InstructionPath.Of<Avx2DotPath, DenseKernel<sbyte>>(MultiplyAddBatch<Avx2DotPath, sbyte>),
        InstructionPath.Of<ArmDotProductPath, DenseKernel<sbyte>>(MultiplyAddBatch<ArmDotProductPath, sbyte>),
        InstructionPath.Of<Vector128DotPath, DenseKernel<sbyte>>(MultiplyAddBatch<Vector128DotPath, sbyte>),
        new(ReferenceKernels.PathName, isSupported: true, ReferenceKernels.MultiplyAddBatch),
    ];

    /// <summary>Gets the paths of the int16-weight (decoded FloatSD8) kernels, widest first; Arm64's SDOT has no int16 form.</summary>
    public static IReadOnlyList<InstructionPath<DenseKernel<short>>> Int16Paths { get; } =
    [
        InstructionPath.Of<Avx512DotPath, DenseKernel<short>>(MultiplyAddBatch<Avx512DotPath, short>),
        InstructionPath.Of<AvxVnniDotPath, DenseKernel<short>>(MultiplyAddBatch<AvxVnniDotPath, short>),
        InstructionPath.Of<Avx2DotPath, DenseKernel<short>>(MultiplyAddBatch<Avx2DotPath, short>),
        InstructionPath.Of<Vector128DotPath, DenseKernel<short>>(MultiplyAddBatch<Vector128DotPath, short>),
        new(ReferenceKernels.PathName, isSupported: true, ReferenceKernels.MultiplyAddBatch),
    ];

    // After the tables: static fields are initialised in text order.
    private static readonly DenseKernel<sbyte> s_int8 = InstructionPath.Best(Int8Paths).Kernel;
    private static readonly DenseKernel<short> s_int16 = InstructionPath.Best(Int16Paths).Kernel;

    /// <summary>Gets the name of the instruction path the int8 entries dispatch to on this machine.</summary>
    public static string ActivePath => InstructionPath.Best(Int8Paths).Name;

    /// <summary>Gets the name of the instruction path the int16 entries dispatch to on this machine.</summary>
    public static string ActiveInt16Path => InstructionPath.Best(Int16Paths).Name;

    /// <summary>Multiplies a row-major int8 matrix by an int8 vector and adds an int32 bias.</summary>
    /// <param name="weights">The matrix, <paramref name="rows"/> × <paramref name="columns"/>, row-major.</param>
    /// <param name="rows">The number of rows, 0..65536.</param>
    /// <param name="columns">The number of columns, 0..65536.</param>
    /// <param name="vector">The vector, <paramref name="columns"/> long.</param>
    /// <param name="bias">The bias, <paramref name="rows"/> long, or empty for none.</param>
    /// <param name="destination">Receives the <paramref name="rows"/> sums; at least that long.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative or above 65536.</exception>
    /// <exception cref="ArgumentException">A span's length does not fit the dimensions.</exception>
    /// <remarks>This method effectively computes <c>destination[r] = bias[r] + Σ_j weights[r·columns + j] · vector[j]</c> in wrap-around int32.</remarks>
    public static void MultiplyAdd(ReadOnlySpan<sbyte> weights, int rows, int columns, ReadOnlySpan<sbyte> vector, ReadOnlySpan<int> bias, Span<int> destination)
    {
        Validate(weights.Length, rows, columns, vector.Length, 1, bias.Length, destination.Length);
        s_int8(weights, rows, columns, vector, 1, bias, destination);
    }

    /// <summary>Multiplies a row-major int16 matrix (decoded FloatSD8 weights) by an int8 vector and adds an int32 bias.</summary>
    /// <param name="weights">The matrix, <paramref name="rows"/> × <paramref name="columns"/>, row-major, each |weight| ≤ 2304.</param>
    /// <param name="rows">The number of rows, 0..65536.</param>
    /// <param name="columns">The number of columns, 0..65536.</param>
    /// <param name="vector">The vector, <paramref name="columns"/> long.</param>
    /// <param name="bias">The bias, <paramref name="rows"/> long, or empty for none.</param>
    /// <param name="destination">Receives the <paramref name="rows"/> sums; at least that long.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative or above 65536.</exception>
    /// <exception cref="ArgumentException">A span's length does not fit the dimensions.</exception>
    /// <remarks>This method effectively computes <c>destination[r] = bias[r] + Σ_j weights[r·columns + j] · vector[j]</c> in wrap-around int32.</remarks>
    public static void MultiplyAdd(ReadOnlySpan<short> weights, int rows, int columns, ReadOnlySpan<sbyte> vector, ReadOnlySpan<int> bias, Span<int> destination)
    {
        Validate(weights.Length, rows, columns, vector.Length, 1, bias.Length, destination.Length);
        s_int16(weights, rows, columns, vector, 1, bias, destination);
    }

    /// <summary>Multiplies a row-major int8 matrix by a batch of int8 vectors and adds an int32 bias to each result.</summary>
    /// <param name="weights">The matrix, <paramref name="rows"/> × <paramref name="columns"/>, row-major.</param>
    /// <param name="rows">The number of rows, 0..65536.</param>
    /// <param name="columns">The number of columns, 0..65536.</param>
    /// <param name="vectors">The vectors, <paramref name="batch"/> × <paramref name="columns"/>, one after another.</param>
    /// <param name="batch">The number of vectors.</param>
    /// <param name="bias">The bias, <paramref name="rows"/> long, or empty for none.</param>
    /// <param name="destination">Receives <paramref name="batch"/> × <paramref name="rows"/> sums, one vector's after another.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative or above 65536.</exception>
    /// <exception cref="ArgumentException">A span's length does not fit the dimensions.</exception>
    /// <remarks>
    /// This method effectively computes <c>destination[b·rows + r] = bias[r] + Σ_j weights[r·columns + j] · vectors[b·columns + j]</c>.
    /// Each block of four weight rows is applied to every vector while it is in the first-level cache.
    /// </remarks>
    public static void MultiplyAddBatch(ReadOnlySpan<sbyte> weights, int rows, int columns, ReadOnlySpan<sbyte> vectors, int batch, ReadOnlySpan<int> bias, Span<int> destination)
    {
        Validate(weights.Length, rows, columns, vectors.Length, batch, bias.Length, destination.Length);
        s_int8(weights, rows, columns, vectors, batch, bias, destination);
    }

    /// <summary>Multiplies a row-major int16 matrix (decoded FloatSD8 weights) by a batch of int8 vectors and adds an int32 bias to each result.</summary>
    /// <param name="weights">The matrix, <paramref name="rows"/> × <paramref name="columns"/>, row-major, each |weight| ≤ 2304.</param>
    /// <param name="rows">The number of rows, 0..65536.</param>
    /// <param name="columns">The number of columns, 0..65536.</param>
    /// <param name="vectors">The vectors, <paramref name="batch"/> × <paramref name="columns"/>, one after another.</param>
    /// <param name="batch">The number of vectors.</param>
    /// <param name="bias">The bias, <paramref name="rows"/> long, or empty for none.</param>
    /// <param name="destination">Receives <paramref name="batch"/> × <paramref name="rows"/> sums, one vector's after another.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative or above 65536.</exception>
    /// <exception cref="ArgumentException">A span's length does not fit the dimensions.</exception>
    /// <remarks>This method effectively computes <c>destination[b·rows + r] = bias[r] + Σ_j weights[r·columns + j] · vectors[b·columns + j]</c>.</remarks>
    public static void MultiplyAddBatch(ReadOnlySpan<short> weights, int rows, int columns, ReadOnlySpan<sbyte> vectors, int batch, ReadOnlySpan<int> bias, Span<int> destination)
    {
        Validate(weights.Length, rows, columns, vectors.Length, batch, bias.Length, destination.Length);
        s_int16(weights, rows, columns, vectors, batch, bias, destination);
    }

    /// <summary>Runs the batched product on one instruction path and weight type; the caller has validated the arguments and checked the path is supported.</summary>
    /// <remarks>
    /// Each block of four weight rows is applied to every vector while it is in the first-level cache. The path
    /// computes the first multiple of <see cref="VectorColumns"/> columns; the rest are added here, once for all paths.
    /// </remarks>
    internal static void MultiplyAddBatch<TPath, TWeight>(ReadOnlySpan<TWeight> weights, int rows, int columns, ReadOnlySpan<sbyte> vectors, int batch, ReadOnlySpan<int> bias, Span<int> destination)
        where TPath : IDotProductPath<TWeight>
        where TWeight : unmanaged, IBinaryInteger<TWeight>
    {
        ref TWeight matrix = ref MemoryMarshal.GetReference(weights);
        ref sbyte x = ref MemoryMarshal.GetReference(vectors);
        int vectorColumns = columns - (columns % VectorColumns);
        int r = 0;
        for (; r <= rows - RowBlock; r += RowBlock)
        {
            ref TWeight block = ref Unsafe.Add(ref matrix, r * columns);
            for (int b = 0; b < batch; b++)
            {
                ref sbyte vector = ref Unsafe.Add(ref x, b * columns);
                Vector128<int> sums = TPath.Dot4(ref block, columns, ref vector, vectorColumns);
                Store(ScalarTail.Dot4(sums, ref block, columns, ref vector, vectorColumns, columns), bias, r, destination.Slice((b * rows) + r, RowBlock));
            }
        }

        for (; r < rows; r++)
        {
            ref TWeight row = ref Unsafe.Add(ref matrix, r * columns);
            int initial = bias.IsEmpty ? 0 : bias[r];
            for (int b = 0; b < batch; b++)
            {
                ref sbyte vector = ref Unsafe.Add(ref x, b * columns);
                int sum = ScalarTail.Dot(TPath.Dot(ref row, ref vector, vectorColumns), ref row, ref vector, vectorColumns, columns);
                destination[(b * rows) + r] = unchecked(initial + sum);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector128<int> sums, ReadOnlySpan<int> bias, int row, Span<int> destination)
    {
        if (!bias.IsEmpty)
        {
            sums += Vector128.Create(bias.Slice(row, RowBlock));
        }

        sums.CopyTo(destination);
    }

    /// <summary>Checks the shape and the spans' lengths of a product, throwing what the public entries document.</summary>
    internal static void Validate(int weightsLength, int rows, int columns, int vectorsLength, int batch, int biasLength, int destinationLength)
    {
        if ((uint)rows > MaxDimension)
        {
            ThrowHelper.ThrowDimension(nameof(rows), rows);
        }

        if ((uint)columns > MaxDimension)
        {
            ThrowHelper.ThrowDimension(nameof(columns), columns);
        }

        if (batch < 0)
        {
            ThrowHelper.ThrowDimension(nameof(batch), batch);
        }

        if (weightsLength != (long)rows * columns)
        {
            ThrowHelper.ThrowLength("weights", weightsLength, (long)rows * columns);
        }

        if (vectorsLength != (long)batch * columns)
        {
            ThrowHelper.ThrowLength("vector", vectorsLength, (long)batch * columns);
        }

        if (biasLength != 0 && biasLength != rows)
        {
            ThrowHelper.ThrowLength("bias", biasLength, rows);
        }

        if (destinationLength < (long)batch * rows)
        {
            ThrowHelper.ThrowLength("destination", destinationLength, (long)batch * rows);
        }
    }
}
