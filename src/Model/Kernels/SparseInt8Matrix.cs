namespace EdgeLstm.Model.Kernels;

/// <summary>Represents a sparse int8 weight matrix in compressed sparse rows (the layout of SET-LSTM models).</summary>
/// <remarks>
/// Row r holds the entries k in [RowStarts[r], RowStarts[r + 1]): weight Values[k] at column ColumnIndices[k],
/// columns strictly increasing within a row. The layout is validated once here, so the product checks only lengths.
/// CSR stays the stored (file) layout; the products run on a <see cref="SlicedEllpackInt8"/> copy built here once, in
/// the panel width of the first supported path of <see cref="Paths"/>, or without SIMD on the scalar reference over the CSR.
/// </remarks>
internal sealed class SparseInt8Matrix : IntegerMatrix
{
    private readonly int[] _rowStarts;
    private readonly ushort[] _columnIndices;
    private readonly sbyte[] _values;
    private readonly SlicedEllpackInt8? _blocks;

    /// <summary>Initializes the matrix over its arrays (kept, not copied).</summary>
    /// <exception cref="ArgumentException">The layout is malformed: wrong lengths, decreasing row starts, or column indices out of range or not increasing.</exception>
    public SparseInt8Matrix(int[] rowStarts, ushort[] columnIndices, sbyte[] values, int rows, int columns)
        : base(rows, columns)
    {
        ArgumentNullException.ThrowIfNull(rowStarts);
        ArgumentNullException.ThrowIfNull(columnIndices);
        ArgumentNullException.ThrowIfNull(values);
        if (rowStarts.Length != rows + 1 || rowStarts[0] != 0 || rowStarts[rows] != values.Length || columnIndices.Length != values.Length)
        {
            ThrowHelper.ThrowSparseLayout("The row starts must run from 0 to the number of values, one per row plus one, with one column index per value.");
        }

        for (int r = 0; r < rows; r++)
        {
            if (rowStarts[r + 1] < rowStarts[r])
            {
                ThrowHelper.ThrowSparseLayout($"Row {r} ends before it starts.");
            }

            for (int k = rowStarts[r]; k < rowStarts[r + 1]; k++)
            {
                if (columnIndices[k] >= columns || (k > rowStarts[r] && columnIndices[k] <= columnIndices[k - 1]))
                {
                    ThrowHelper.ThrowSparseLayout($"Row {r} has a column index out of range or out of order at entry {k}.");
                }
            }
        }

        _rowStarts = rowStarts;
        _columnIndices = columnIndices;
        _values = values;
        _blocks = s_best is null ? null : SlicedEllpackInt8.FromCompressedRows(rowStarts, columnIndices, values, rows, columns, s_best.Kernel.PanelColumns);
    }

    /// <summary>Gets the SIMD paths of the sparse products, widest first; without any, the scalar reference runs on the CSR.</summary>
    public static IReadOnlyList<InstructionPath<SparseKernel>> Paths { get; } =
    [
        SparseKernel.Of<SparseVbmiPath>(),
        SparseKernel.Of<SparseVector128Path>(),
    ];

    // After the table: static fields are initialised in text order.
    private static readonly InstructionPath<SparseKernel>? s_best = Paths.FirstOrDefault(path => path.IsSupported);

    /// <summary>Gets the name of the instruction path the products take on this machine.</summary>
    public static string ActivePath => s_best?.Name ?? "scalar CSR";

    /// <summary>Gets the number of stored (non-zero) weights.</summary>
    public int NonZeroCount => _values.Length;

    /// <summary>Gets the blocked copy the SIMD paths read (for the tests and benchmarks that call a path directly).</summary>
    /// <exception cref="InvalidOperationException">The machine has no SIMD path, so no blocked copy was built.</exception>
    internal SlicedEllpackInt8 Blocks => _blocks ?? throw new InvalidOperationException("Without SIMD the products run on the compressed rows.");

    /// <summary>Compresses a dense row-major int8 matrix, keeping its non-zero weights.</summary>
    public static SparseInt8Matrix FromDense(ReadOnlySpan<sbyte> weights, int rows, int columns)
    {
        if (weights.Length != (long)rows * columns)
        {
            ThrowHelper.ThrowLength(nameof(weights), weights.Length, (long)rows * columns);
        }

        var rowStarts = new int[rows + 1];
        var columnIndices = new List<ushort>();
        var values = new List<sbyte>();
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < columns; j++)
            {
                sbyte w = weights[(r * columns) + j];
                if (w != 0)
                {
                    columnIndices.Add((ushort)j);
                    values.Add(w);
                }
            }

            rowStarts[r + 1] = values.Count;
        }

        return new SparseInt8Matrix(rowStarts, [.. columnIndices], [.. values], rows, columns);
    }

    /// <inheritdoc/>
    public override int WeightAt(int row, int column)
    {
        int index = Array.BinarySearch(_columnIndices, _rowStarts[row], _rowStarts[row + 1] - _rowStarts[row], (ushort)column);
        return index >= 0 ? _values[index] : 0;
    }

    /// <inheritdoc/>
    public override void MultiplyAdd(ReadOnlySpan<sbyte> vector, ReadOnlySpan<int> bias, Span<int> destination)
    {
        ValidateLengths(vector.Length, 1, bias.Length, destination.Length);
        Multiply(vector, bias, destination);
    }

    /// <inheritdoc/>
    public override void MultiplyAddBatch(ReadOnlySpan<sbyte> vectors, int batch, ReadOnlySpan<int> bias, Span<int> destination)
    {
        ValidateLengths(vectors.Length, batch, bias.Length, destination.Length);
        for (int b = 0; b < batch; b++)
        {
            Multiply(vectors.Slice(b * Columns, Columns), bias, destination.Slice(b * Rows, Rows));
        }
    }

    private void Multiply(ReadOnlySpan<sbyte> vector, ReadOnlySpan<int> bias, Span<int> destination)
    {
        if (s_best is null || _blocks is null)
        {
            ReferenceKernels.SparseMultiplyAdd(_rowStarts, _columnIndices, _values, Rows, vector, bias, destination);
            return;
        }

        s_best.Kernel.MultiplyAdd(_blocks, vector, bias, destination);
    }

    private void ValidateLengths(int vectorsLength, int batch, int biasLength, int destinationLength)
    {
        if (batch < 0)
        {
            ThrowHelper.ThrowDimension(nameof(batch), batch);
        }

        if (vectorsLength != (long)batch * Columns)
        {
            ThrowHelper.ThrowLength("vector", vectorsLength, (long)batch * Columns);
        }

        if (biasLength != 0 && biasLength != Rows)
        {
            ThrowHelper.ThrowLength("bias", biasLength, Rows);
        }

        if (destinationLength < (long)batch * Rows)
        {
            ThrowHelper.ThrowLength("destination", destinationLength, (long)batch * Rows);
        }
    }
}
