using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EdgeLstm.Model.Kernels;

/// <summary>
/// Provides the integer matrix kernels of the cells: validated entries that dispatch to the widest instruction path
/// of this machine, and the generic drivers each path runs in (called directly by the tests and benchmarks).
/// </summary>
/// <remarks>
/// Every path returns the bits of <see cref="ReferenceKernels"/>. Dispatch order: AVX-512BW, AVX-VNNI, AVX2,
/// Arm64 dot product, portable Vector128, scalar reference. The <c>IsSupported</c> checks are JIT-time constants, so
/// the dispatch folds to one call. Nothing is allocated.
/// </remarks>
internal static class MatrixKernels
{
    /// <summary>The largest row or column count the kernels accept (sparse column indices are 16-bit).</summary>
    public const int MaxDimension = 65536;

    private const int RowBlock = 4;

    /// <summary>Gets the name of the instruction path the entries dispatch to on this machine.</summary>
    public static string ActivePath =>
        Avx512DotPath.IsSupported ? "AVX-512BW" :
        AvxVnniDotPath.IsSupported ? "AVX-VNNI" :
        Avx2DotPath.IsSupported ? "AVX2" :
        ArmDotProductPath.IsSupported ? "Arm64 dot product" :
        Vector128.IsHardwareAccelerated ? "Vector128" :
        "scalar";

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
        if (Avx512DotPath.IsSupported)
        {
            MultiplyAdd<Avx512DotPath>(weights, rows, columns, vector, bias, destination);
        }
        else if (AvxVnniDotPath.IsSupported)
        {
            MultiplyAdd<AvxVnniDotPath>(weights, rows, columns, vector, bias, destination);
        }
        else if (Avx2DotPath.IsSupported)
        {
            MultiplyAdd<Avx2DotPath>(weights, rows, columns, vector, bias, destination);
        }
        else if (ArmDotProductPath.IsSupported)
        {
            MultiplyAdd<ArmDotProductPath>(weights, rows, columns, vector, bias, destination);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            MultiplyAdd<Vector128DotPath>(weights, rows, columns, vector, bias, destination);
        }
        else
        {
            ReferenceKernels.MultiplyAdd(weights, rows, columns, vector, bias, destination);
        }
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
        if (Avx512DotPath.IsSupported)
        {
            MultiplyAdd<Avx512DotPath>(weights, rows, columns, vector, bias, destination);
        }
        else if (AvxVnniDotPath.IsSupported)
        {
            MultiplyAdd<AvxVnniDotPath>(weights, rows, columns, vector, bias, destination);
        }
        else if (Avx2DotPath.IsSupported)
        {
            MultiplyAdd<Avx2DotPath>(weights, rows, columns, vector, bias, destination);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            MultiplyAdd<Vector128DotPath>(weights, rows, columns, vector, bias, destination);
        }
        else
        {
            ReferenceKernels.MultiplyAdd(weights, rows, columns, vector, bias, destination);
        }
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
        if (Avx512DotPath.IsSupported)
        {
            MultiplyAddBatch<Avx512DotPath>(weights, rows, columns, vectors, batch, bias, destination);
        }
        else if (AvxVnniDotPath.IsSupported)
        {
            MultiplyAddBatch<AvxVnniDotPath>(weights, rows, columns, vectors, batch, bias, destination);
        }
        else if (Avx2DotPath.IsSupported)
        {
            MultiplyAddBatch<Avx2DotPath>(weights, rows, columns, vectors, batch, bias, destination);
        }
        else if (ArmDotProductPath.IsSupported)
        {
            MultiplyAddBatch<ArmDotProductPath>(weights, rows, columns, vectors, batch, bias, destination);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            MultiplyAddBatch<Vector128DotPath>(weights, rows, columns, vectors, batch, bias, destination);
        }
        else
        {
            ReferenceKernels.MultiplyAddBatch(weights, rows, columns, vectors, batch, bias, destination);
        }
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
        if (Avx512DotPath.IsSupported)
        {
            MultiplyAddBatch<Avx512DotPath>(weights, rows, columns, vectors, batch, bias, destination);
        }
        else if (AvxVnniDotPath.IsSupported)
        {
            MultiplyAddBatch<AvxVnniDotPath>(weights, rows, columns, vectors, batch, bias, destination);
        }
        else if (Avx2DotPath.IsSupported)
        {
            MultiplyAddBatch<Avx2DotPath>(weights, rows, columns, vectors, batch, bias, destination);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            MultiplyAddBatch<Vector128DotPath>(weights, rows, columns, vectors, batch, bias, destination);
        }
        else
        {
            ReferenceKernels.MultiplyAddBatch(weights, rows, columns, vectors, batch, bias, destination);
        }
    }

    /// <summary>Runs the matrix-vector kernel on one instruction path; the caller has validated the arguments and checked the path is supported.</summary>
    internal static void MultiplyAdd<TPath>(ReadOnlySpan<sbyte> weights, int rows, int columns, ReadOnlySpan<sbyte> vector, ReadOnlySpan<int> bias, Span<int> destination)
        where TPath : IDotProductPath<sbyte>
    {
        ref sbyte matrix = ref MemoryMarshal.GetReference(weights);
        ref sbyte x = ref MemoryMarshal.GetReference(vector);
        int r = 0;
        for (; r <= rows - RowBlock; r += RowBlock)
        {
            Store(TPath.Dot4(ref Unsafe.Add(ref matrix, r * columns), columns, ref x, columns), bias, r, destination.Slice(r, RowBlock));
        }

        for (; r < rows; r++)
        {
            destination[r] = unchecked((bias.IsEmpty ? 0 : bias[r]) + TPath.Dot(ref Unsafe.Add(ref matrix, r * columns), ref x, columns));
        }
    }

    /// <summary>Runs the int16-weight matrix-vector kernel on one instruction path; the caller has validated the arguments and checked the path is supported.</summary>
    internal static void MultiplyAdd<TPath>(ReadOnlySpan<short> weights, int rows, int columns, ReadOnlySpan<sbyte> vector, ReadOnlySpan<int> bias, Span<int> destination)
        where TPath : IDotProductPath<short>
    {
        ref short matrix = ref MemoryMarshal.GetReference(weights);
        ref sbyte x = ref MemoryMarshal.GetReference(vector);
        int r = 0;
        for (; r <= rows - RowBlock; r += RowBlock)
        {
            Store(TPath.Dot4(ref Unsafe.Add(ref matrix, r * columns), columns, ref x, columns), bias, r, destination.Slice(r, RowBlock));
        }

        for (; r < rows; r++)
        {
            destination[r] = unchecked((bias.IsEmpty ? 0 : bias[r]) + TPath.Dot(ref Unsafe.Add(ref matrix, r * columns), ref x, columns));
        }
    }

    /// <summary>Runs the batched kernel on one instruction path; the caller has validated the arguments and checked the path is supported.</summary>
    internal static void MultiplyAddBatch<TPath>(ReadOnlySpan<sbyte> weights, int rows, int columns, ReadOnlySpan<sbyte> vectors, int batch, ReadOnlySpan<int> bias, Span<int> destination)
        where TPath : IDotProductPath<sbyte>
    {
        ref sbyte matrix = ref MemoryMarshal.GetReference(weights);
        ref sbyte x = ref MemoryMarshal.GetReference(vectors);
        int r = 0;
        for (; r <= rows - RowBlock; r += RowBlock)
        {
            ref sbyte block = ref Unsafe.Add(ref matrix, r * columns);
            for (int b = 0; b < batch; b++)
            {
                Store(TPath.Dot4(ref block, columns, ref Unsafe.Add(ref x, b * columns), columns), bias, r, destination.Slice((b * rows) + r, RowBlock));
            }
        }

        for (; r < rows; r++)
        {
            ref sbyte row = ref Unsafe.Add(ref matrix, r * columns);
            int initial = bias.IsEmpty ? 0 : bias[r];
            for (int b = 0; b < batch; b++)
            {
                destination[(b * rows) + r] = unchecked(initial + TPath.Dot(ref row, ref Unsafe.Add(ref x, b * columns), columns));
            }
        }
    }

    /// <summary>Runs the int16-weight batched kernel on one instruction path; the caller has validated the arguments and checked the path is supported.</summary>
    internal static void MultiplyAddBatch<TPath>(ReadOnlySpan<short> weights, int rows, int columns, ReadOnlySpan<sbyte> vectors, int batch, ReadOnlySpan<int> bias, Span<int> destination)
        where TPath : IDotProductPath<short>
    {
        ref short matrix = ref MemoryMarshal.GetReference(weights);
        ref sbyte x = ref MemoryMarshal.GetReference(vectors);
        int r = 0;
        for (; r <= rows - RowBlock; r += RowBlock)
        {
            ref short block = ref Unsafe.Add(ref matrix, r * columns);
            for (int b = 0; b < batch; b++)
            {
                Store(TPath.Dot4(ref block, columns, ref Unsafe.Add(ref x, b * columns), columns), bias, r, destination.Slice((b * rows) + r, RowBlock));
            }
        }

        for (; r < rows; r++)
        {
            ref short row = ref Unsafe.Add(ref matrix, r * columns);
            int initial = bias.IsEmpty ? 0 : bias[r];
            for (int b = 0; b < batch; b++)
            {
                destination[(b * rows) + r] = unchecked(initial + TPath.Dot(ref row, ref Unsafe.Add(ref x, b * columns), columns));
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
