namespace EdgeLstm.Model.Kernels;

/// <summary>Represents a dense row-major int8 weight matrix.</summary>
internal sealed class Int8Matrix : IntegerMatrix
{
    private readonly sbyte[] _weights;
    private readonly PackedInt8Weights? _packed;

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
        _packed = UsesPackedLayout ? PackedInt8Weights.Pack(weights, rows, columns) : null;
    }

    /// <summary>Gets a value indicating whether dense int8 products run on the packed layout on this machine.</summary>
    /// <remarks>
    /// On x64 the packed layout measured 1.4–2.3 times faster than the row-major kernels at batch 1
    /// (docs/integer-inference.md); Arm64 with the dot-product extension keeps its SDOT row kernels.
    /// </remarks>
    public static bool UsesPackedLayout => PackedInt8Weights.IsSupported && !ArmDotProductPath.IsSupported;

    /// <summary>Gets the name of the instruction path the products take on this machine.</summary>
    public static string ActivePath => UsesPackedLayout ? PackedInt8Weights.ActivePath : MatrixKernels.ActivePath;

    /// <summary>Gets the weights, row-major.</summary>
    public ReadOnlySpan<sbyte> Weights => _weights;

    /// <inheritdoc/>
    public override int WeightAt(int row, int column) => _weights[(row * Columns) + column];

    /// <inheritdoc/>
    public override void MultiplyAdd(ReadOnlySpan<sbyte> vector, ReadOnlySpan<int> bias, Span<int> destination)
    {
        if (_packed is null)
        {
            MatrixKernels.MultiplyAdd(_weights, Rows, Columns, vector, bias, destination);
            return;
        }

        MatrixKernels.Validate(_weights.Length, Rows, Columns, vector.Length, 1, bias.Length, destination.Length);
        _packed.MultiplyAdd(vector, bias, destination);
    }

    /// <inheritdoc/>
    public override void MultiplyAddBatch(ReadOnlySpan<sbyte> vectors, int batch, ReadOnlySpan<int> bias, Span<int> destination)
    {
        if (_packed is null)
        {
            MatrixKernels.MultiplyAddBatch(_weights, Rows, Columns, vectors, batch, bias, destination);
            return;
        }

        MatrixKernels.Validate(_weights.Length, Rows, Columns, vectors.Length, batch, bias.Length, destination.Length);
        _packed.MultiplyAddBatch(vectors, batch, bias, destination);
    }
}
