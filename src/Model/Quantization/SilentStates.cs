namespace EdgeLstm.Model.Quantization;

/// <summary>Caches the integer cell's state after k steps of silence from the zero state, k = 1, 2, …: a constant of
/// the model, so a host that has just appeared costs the steps it was active, not T.</summary>
/// <remarks>The cache is built on demand from the silence vector the caller passes and rebuilt if another vector
/// comes. Allocation-free once it holds the deepest k asked for. Not thread-safe.</remarks>
internal sealed class SilentStates
{
    private readonly int _hiddenSize;
    private readonly float[] _silence;
    private sbyte[] _hidden = [];
    private short[] _cells = [];
    private int _count;

    /// <summary>Initializes an empty cache for a cell of the given sizes.</summary>
    public SilentStates(int inputSize, int hiddenSize)
    {
        _hiddenSize = hiddenSize;
        _silence = new float[inputSize];
    }

    /// <summary>Sets the runner to the state after <paramref name="steps"/> steps of <paramref name="silence"/> from zero.</summary>
    public void Restore(QuantizedCellRunner runner, ReadOnlySpan<float> silence, int steps)
    {
        if (_count > 0 && !silence.SequenceEqual(_silence))
        {
            _count = 0;
        }

        if (_count < steps)
        {
            Extend(runner, silence, steps);
        }

        int at = (steps - 1) * _hiddenSize;
        runner.SetState(_hidden.AsSpan(at, _hiddenSize), _cells.AsSpan(at, _hiddenSize));
    }

    private void Extend(QuantizedCellRunner runner, ReadOnlySpan<float> silence, int steps)
    {
        if (_hidden.Length < steps * _hiddenSize)
        {
            Array.Resize(ref _hidden, steps * _hiddenSize);
            Array.Resize(ref _cells, steps * _hiddenSize);
        }

        silence.CopyTo(_silence);
        if (_count == 0)
        {
            runner.Reset();
        }
        else
        {
            int last = (_count - 1) * _hiddenSize;
            runner.SetState(_hidden.AsSpan(last, _hiddenSize), _cells.AsSpan(last, _hiddenSize));
        }

        for (int k = _count; k < steps; k++)
        {
            runner.Step(silence);
            runner.Hidden.CopyTo(_hidden.AsSpan(k * _hiddenSize, _hiddenSize));
            runner.CellState.CopyTo(_cells.AsSpan(k * _hiddenSize, _hiddenSize));
        }

        _count = steps;
    }
}
