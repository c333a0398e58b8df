namespace EdgeLstm.Model.Kernels;

/// <summary>Represents a dense row-major int8 weight matrix.</summary>
internal sealed class Int8Matrix : IntegerMatrix
{
    private readonly sbyte[] _weights;

    /// <summary>Initializes the matrix over its weights (kept, not copied).</summary>
    /// <param name="weights">The weights, <paramref name="rows"/> × <paramref name="columns"/>, row-major.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    /// <exception cref="ArgumentException">The weights do not fit the shape.</exception>
    public Int8Matrix(sbyte[] weights, int rows, int columns)
        : base(rows, columns)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length != (long)rows * columns)
        {
            ThrowHelper.ThrowLength(nameof(weights), weights.Length, (long)rows * columns);
        }

        _weights = weights;
    }

    /// <summary>Gets the weights, row-major.</summary>
    public ReadOnlySpan<sbyte> Weights => _weights;

    /// <inheritdoc/>
    public override int WeightAt(int row, int column) => _weights[(row * Columns) + column];

    /// <inheritdoc/>
    public override void MultiplyAdd(ReadOnlySpan<sbyte> vector, ReadOnlySpan<int> bias, Span<int> destination) =>
        MatrixKernels.MultiplyAdd(_weights, Rows, Columns, vector, bias, destination);

    /// <inheritdoc/>
    public override void MultiplyAddBatch(ReadOnlySpan<sbyte> vectors, int batch, ReadOnlySpan<int> bias, Span<int> destination) =>
        MatrixKernels.MultiplyAddBatch(_weights, Rows, Columns, vectors, batch, bias, destination);
}
