namespace EdgeLstm.Model.Quantization;

/// <summary>Steps one entity (one host) through an integer cell, keeping its state; allocation-free after construction.</summary>
/// <remarks>Not thread-safe: one runner per entity and thread.</remarks>
internal sealed class QuantizedCellRunner
{
    private readonly QuantizedCell _cell;
    private readonly sbyte[] _input;
    private readonly sbyte[] _hidden;
    private readonly short[] _cellState;
    private readonly int[] _inputAccumulators;
    private readonly int[] _recurrentAccumulators;
    private readonly short[] _gates;

    /// <summary>Initializes a runner with a zero state.</summary>
    public QuantizedCellRunner(QuantizedCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        _cell = cell;
        _input = new sbyte[cell.InputSize];
        _hidden = new sbyte[cell.HiddenSize];
        _cellState = new short[cell.HiddenSize];
        _inputAccumulators = new int[cell.Input.Weights.Rows];
        _recurrentAccumulators = new int[cell.Recurrent.Weights.Rows];
        _gates = new short[(cell.GateCount + 1) * cell.HiddenSize];
    }

    /// <summary>Gets the hidden state h (int8, real value h / 128).</summary>
    public ReadOnlySpan<sbyte> Hidden => _hidden;

    /// <summary>Gets the cell state c (int16, real value c · 2^−k).</summary>
    public ReadOnlySpan<short> CellState => _cellState;

    /// <summary>Sets the state to zero.</summary>
    public void Reset()
    {
        Array.Clear(_hidden);
        Array.Clear(_cellState);
    }

    /// <summary>Sets the state.</summary>
    /// <exception cref="ArgumentException">A span is not n long.</exception>
    public void SetState(ReadOnlySpan<sbyte> hidden, ReadOnlySpan<short> cellState)
    {
        if (hidden.Length != _hidden.Length || cellState.Length != _cellState.Length)
        {
            throw new ArgumentException($"Expected {_hidden.Length} hidden and cell values.");
        }

        hidden.CopyTo(_hidden);
        cellState.CopyTo(_cellState);
    }

    /// <summary>Advances the state by one step on a quantized input.</summary>
    /// <param name="input">The int8 input, m long.</param>
    /// <exception cref="ArgumentException"><paramref name="input"/> is not m long.</exception>
    public void Step(ReadOnlySpan<sbyte> input)
    {
        _cell.Input.Weights.MultiplyAdd(input, _cell.Input.Bias, _inputAccumulators);
        _cell.Recurrent.Weights.MultiplyAdd(_hidden, _cell.Recurrent.Bias, _recurrentAccumulators);
        IntegerCellStep.Update(_cell, _inputAccumulators, _recurrentAccumulators, _gates, _cellState, _hidden);
    }

    /// <summary>Quantizes real features and advances the state by one step.</summary>
    /// <exception cref="ArgumentException"><paramref name="features"/> is not m long.</exception>
    public void Step(ReadOnlySpan<float> features)
    {
        _cell.QuantizeInput(features, _input);
        Step(_input);
    }
}
