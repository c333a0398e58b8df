namespace EdgeLstm.Model.Quantization;

/// <summary>
/// Steps many entities through an integer cell at once: their states sit in one block, so each weight matrix is
/// applied to all of them in one matrix-matrix product. Allocation-free after construction; not thread-safe.
/// </summary>
/// <remarks>Each entity's results are the bits a <see cref="QuantizedCellRunner"/> would give it.</remarks>
internal sealed class QuantizedBatchRunner
{
    private readonly QuantizedCell _cell;
    private readonly sbyte[] _hidden;
    private readonly short[] _cellState;
    private readonly int[] _inputAccumulators;
    private readonly int[] _recurrentAccumulators;
    private readonly short[] _gates;

    /// <summary>Initializes a runner for up to <paramref name="capacity"/> entities, all with a zero state.</summary>
    public QuantizedBatchRunner(QuantizedCell cell, int capacity)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _cell = cell;
        Capacity = capacity;
        _hidden = new sbyte[capacity * cell.HiddenSize];
        _cellState = new short[capacity * cell.HiddenSize];
        _inputAccumulators = new int[capacity * cell.Input.Weights.Rows];
        _recurrentAccumulators = new int[capacity * cell.Recurrent.Weights.Rows];
        _gates = new short[(cell.GateCount + 1) * cell.HiddenSize];
    }

    /// <summary>Gets the number of entity slots.</summary>
    public int Capacity { get; }

    /// <summary>Returns an entity's hidden state h.</summary>
    public Span<sbyte> Hidden(int entity) => _hidden.AsSpan(Slot(entity) * _cell.HiddenSize, _cell.HiddenSize);

    /// <summary>Returns an entity's cell state c.</summary>
    public Span<short> CellState(int entity) => _cellState.AsSpan(Slot(entity) * _cell.HiddenSize, _cell.HiddenSize);

    /// <summary>Sets an entity's state to zero.</summary>
    public void Reset(int entity)
    {
        Hidden(entity).Clear();
        CellState(entity).Clear();
    }

    /// <summary>Advances entities 0 .. <paramref name="batch"/> − 1 by one step.</summary>
    /// <param name="inputs">The int8 inputs, <paramref name="batch"/> × m, entity after entity.</param>
    /// <param name="batch">The number of entities stepped, 1..Capacity.</param>
    /// <exception cref="ArgumentException">The inputs do not fit the batch.</exception>
    public void Step(ReadOnlySpan<sbyte> inputs, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch, Capacity);
        int n = _cell.HiddenSize;
        if (inputs.Length != batch * _cell.InputSize)
        {
            throw new ArgumentException($"Expected {batch * _cell.InputSize} inputs.", nameof(inputs));
        }

        int inputRows = _cell.Input.Weights.Rows;
        int recurrentRows = _cell.Recurrent.Weights.Rows;
        _cell.Input.Weights.MultiplyAddBatch(inputs, batch, _cell.Input.Bias, _inputAccumulators);
        _cell.Recurrent.Weights.MultiplyAddBatch(_hidden.AsSpan(0, batch * n), batch, _cell.Recurrent.Bias, _recurrentAccumulators);
        for (int b = 0; b < batch; b++)
        {
            IntegerCellStep.Update(
                _cell,
                _inputAccumulators.AsSpan(b * inputRows, inputRows),
                _recurrentAccumulators.AsSpan(b * recurrentRows, recurrentRows),
                _gates,
                _cellState.AsSpan(b * n, n),
                _hidden.AsSpan(b * n, n));
        }
    }

    private int Slot(int entity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(entity);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(entity, Capacity);
        return entity;
    }
}
