namespace EdgeLstm.Model.Kernels;

/// <summary>
/// Represents a weight matrix in one of the integer formats (dense int8, FloatSD8, sparse int8) behind the two
/// products a cell needs.
/// </summary>
/// <remarks>
/// Every format computes exactly <c>bias[r] + Σ_j W[r, j] · x[j]</c> in wrap-around int32, where W[r, j] is the
/// format's integer weight (<see cref="WeightAt"/>); only the storage and the instruction path differ.
/// </remarks>
internal abstract class IntegerMatrix
{
    /// <summary>Initializes the shape.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative or above <see cref="MatrixKernels.MaxDimension"/>.</exception>
    protected IntegerMatrix(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, MatrixKernels.MaxDimension);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(columns, MatrixKernels.MaxDimension);
        Rows = rows;
        Columns = columns;
    }

    /// <summary>Gets the number of rows (outputs).</summary>
    public int Rows { get; }

    /// <summary>Gets the number of columns (inputs).</summary>
    public int Columns { get; }

    /// <summary>Returns the integer weight at a row and column.</summary>
    public abstract int WeightAt(int row, int column);

    /// <summary>Multiplies the matrix by an int8 vector and adds a bias.</summary>
    /// <param name="vector">The vector, <see cref="Columns"/> long.</param>
    /// <param name="bias">The bias, <see cref="Rows"/> long, or empty for none.</param>
    /// <param name="destination">Receives the <see cref="Rows"/> sums.</param>
    /// <exception cref="ArgumentException">A span's length does not fit the shape.</exception>
    /// <remarks>This method effectively computes <c>destination[r] = bias[r] + Σ_j W[r, j] · vector[j]</c>.</remarks>
    public abstract void MultiplyAdd(ReadOnlySpan<sbyte> vector, ReadOnlySpan<int> bias, Span<int> destination);

    /// <summary>Multiplies the matrix by a batch of int8 vectors and adds a bias to each result.</summary>
    /// <param name="vectors">The vectors, <paramref name="batch"/> × <see cref="Columns"/>.</param>
    /// <param name="batch">The number of vectors.</param>
    /// <param name="bias">The bias, <see cref="Rows"/> long, or empty for none.</param>
    /// <param name="destination">Receives <paramref name="batch"/> × <see cref="Rows"/> sums.</param>
    /// <exception cref="ArgumentException">A span's length does not fit the shape.</exception>
    /// <remarks>This method effectively computes <c>destination[b·Rows + r] = bias[r] + Σ_j W[r, j] · vectors[b·Columns + j]</c>.</remarks>
    public abstract void MultiplyAddBatch(ReadOnlySpan<sbyte> vectors, int batch, ReadOnlySpan<int> bias, Span<int> destination);
}
