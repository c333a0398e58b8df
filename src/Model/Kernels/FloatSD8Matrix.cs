using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Model.Kernels;

/// <summary>Represents a FloatSD8 weight matrix, decoded once to its exact integers k · 2^e (int16) for the kernels.</summary>
/// <remarks>
/// The codes are what a model file stores; the decoded int16 copy is what the int16-weight kernels read, so the
/// results are identical to decoding each weight and multiplying, with the tensor's 2^−offset left to the
/// requantisation scale.
/// </remarks>
internal sealed class FloatSD8Matrix : IntegerMatrix
{
    private readonly byte[] _codes;
    private readonly short[] _decoded;

    /// <summary>Initializes the matrix from its codes (kept, not copied).</summary>
    /// <param name="codes">The codes, <paramref name="rows"/> × <paramref name="columns"/>, row-major.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    /// <param name="offset">The tensor's exponent offset: a weight's real value is its integer times 2^−offset.</param>
    /// <exception cref="ArgumentException">The codes do not fit the shape.</exception>
    public FloatSD8Matrix(byte[] codes, int rows, int columns, int offset)
        : base(rows, columns)
    {
        ArgumentNullException.ThrowIfNull(codes);
        if (codes.Length != (long)rows * columns)
        {
            ThrowHelper.ThrowLength(nameof(codes), codes.Length, (long)rows * columns);
        }

        _codes = codes;
        Offset = offset;
        _decoded = new short[codes.Length];
        for (int i = 0; i < codes.Length; i++)
        {
            _decoded[i] = FloatSD8.DecodeInteger(codes[i]);
        }
    }

    /// <summary>Gets the tensor's exponent offset.</summary>
    public int Offset { get; }

    /// <summary>Gets the codes, row-major.</summary>
    public ReadOnlySpan<byte> Codes => _codes;

    /// <summary>Gets the decoded integer weights, row-major.</summary>
    public ReadOnlySpan<short> DecodedWeights => _decoded;

    /// <inheritdoc/>
    public override int WeightAt(int row, int column) => _decoded[(row * Columns) + column];

    /// <inheritdoc/>
    public override void MultiplyAdd(ReadOnlySpan<sbyte> vector, ReadOnlySpan<int> bias, Span<int> destination) =>
        MatrixKernels.MultiplyAdd(_decoded, Rows, Columns, vector, bias, destination);

    /// <inheritdoc/>
    public override void MultiplyAddBatch(ReadOnlySpan<sbyte> vectors, int batch, ReadOnlySpan<int> bias, Span<int> destination) =>
        MatrixKernels.MultiplyAddBatch(_decoded, Rows, Columns, vectors, batch, bias, destination);
}
