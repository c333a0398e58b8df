namespace EdgeLstm.Model.Kernels;

/// <summary>
/// Provides the scalar integer kernels: the specification every SIMD path must match bit for bit, and the fallback
/// where no vector hardware is present.
/// </summary>
/// <remarks>
/// Arithmetic: every product of an int8 (or int16) weight and an int8 input is formed exactly in int32, and the sum
/// of the bias and all products is accumulated in int32 with two's-complement wrap-around. Wrap-around addition is
/// associative, so any summation order (and so every SIMD path) gives the same bits, even in the unreachable case of
/// overflow. There is no rounding and no saturation in these kernels; requantisation happens afterwards.
/// The methods do not validate their arguments: the public entries in <see cref="MatrixKernels"/> do.
/// </remarks>
internal static class ReferenceKernels
{
    /// <summary>The name of the scalar path in the path tables, the one every machine runs.</summary>
    public const string PathName = "scalar";

    /// <summary>Multiplies a row-major int8 matrix by an int8 vector and adds an int32 bias.</summary>
    /// <remarks>This method effectively computes <c>destination[r] = bias[r] + Σ_j weights[r·columns + j] · vector[j]</c>; an empty bias counts as zeros.</remarks>
    public static void MultiplyAdd(ReadOnlySpan<sbyte> weights, int rows, int columns, ReadOnlySpan<sbyte> vector, ReadOnlySpan<int> bias, Span<int> destination)
    {
        for (int r = 0; r < rows; r++)
        {
            int sum = bias.IsEmpty ? 0 : bias[r];
            ReadOnlySpan<sbyte> row = weights.Slice(r * columns, columns);
            for (int j = 0; j < columns; j++)
            {
                sum = unchecked(sum + (row[j] * vector[j]));
            }

            destination[r] = sum;
        }
    }

    /// <summary>Multiplies a row-major int16 matrix (decoded FloatSD8 weights) by an int8 vector and adds an int32 bias.</summary>
    /// <remarks>This method effectively computes <c>destination[r] = bias[r] + Σ_j weights[r·columns + j] · vector[j]</c>; an empty bias counts as zeros.</remarks>
    public static void MultiplyAdd(ReadOnlySpan<short> weights, int rows, int columns, ReadOnlySpan<sbyte> vector, ReadOnlySpan<int> bias, Span<int> destination)
    {
        for (int r = 0; r < rows; r++)
        {
            int sum = bias.IsEmpty ? 0 : bias[r];
            ReadOnlySpan<short> row = weights.Slice(r * columns, columns);
            for (int j = 0; j < columns; j++)
            {
                sum = unchecked(sum + (row[j] * vector[j]));
            }

            destination[r] = sum;
        }
    }

    /// <summary>Multiplies a row-major int8 matrix by a batch of int8 vectors and adds an int32 bias to each result.</summary>
    /// <remarks>
    /// This method effectively computes <c>destination[b·rows + r] = bias[r] + Σ_j weights[r·columns + j] · vectors[b·columns + j]</c>
    /// for every b below <paramref name="batch"/>.
    /// </remarks>
    public static void MultiplyAddBatch(ReadOnlySpan<sbyte> weights, int rows, int columns, ReadOnlySpan<sbyte> vectors, int batch, ReadOnlySpan<int> bias, Span<int> destination)
    {
        for (int b = 0; b < batch; b++)
        {
            MultiplyAdd(weights, rows, columns, vectors.Slice(b * columns, columns), bias, destination.Slice(b * rows, rows));
        }
    }

    /// <summary>Multiplies a row-major int16 matrix by a batch of int8 vectors and adds an int32 bias to each result.</summary>
    /// <remarks>
    /// This method effectively computes <c>destination[b·rows + r] = bias[r] + Σ_j weights[r·columns + j] · vectors[b·columns + j]</c>
    /// for every b below <paramref name="batch"/>.
    /// </remarks>
    public static void MultiplyAddBatch(ReadOnlySpan<short> weights, int rows, int columns, ReadOnlySpan<sbyte> vectors, int batch, ReadOnlySpan<int> bias, Span<int> destination)
    {
        for (int b = 0; b < batch; b++)
        {
            MultiplyAdd(weights, rows, columns, vectors.Slice(b * columns, columns), bias, destination.Slice(b * rows, rows));
        }
    }

    /// <summary>Multiplies a compressed-sparse-row int8 matrix by an int8 vector and adds an int32 bias.</summary>
    /// <remarks>
    /// Row r holds the entries k in [rowStarts[r], rowStarts[r + 1]): value <c>values[k]</c> at column
    /// <c>columnIndices[k]</c>. This method effectively computes
    /// <c>destination[r] = bias[r] + Σ_k values[k] · vector[columnIndices[k]]</c>, the same integer as the dense
    /// kernel on the matrix with zeros elsewhere.
    /// </remarks>
    public static void SparseMultiplyAdd(ReadOnlySpan<int> rowStarts, ReadOnlySpan<ushort> columnIndices, ReadOnlySpan<sbyte> values, int rows, ReadOnlySpan<sbyte> vector, ReadOnlySpan<int> bias, Span<int> destination)
    {
        for (int r = 0; r < rows; r++)
        {
            int sum = bias.IsEmpty ? 0 : bias[r];
            for (int k = rowStarts[r]; k < rowStarts[r + 1]; k++)
            {
                sum = unchecked(sum + (values[k] * vector[columnIndices[k]]));
            }

            destination[r] = sum;
        }
    }
}
