using System.Numerics;

namespace EdgeLstm.Model;

/// <summary>Holds every buffer one forward and backward pass over a mini-batch needs, so that no time step allocates.</summary>
/// <typeparam name="T">The float type.</typeparam>
/// <remarks>
/// Buffers are time-major (one [batch × width] block per step) and grow only when a larger batch shape arrives.
/// A workspace belongs to one thread; training on several cores uses one workspace per core.
/// </remarks>
public sealed class SequenceWorkspace<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly SequenceModel<T> _model;
    private T[] _inputs = [];
    private T[] _hidden = [];
    private T[] _cells = [];
    private T[] _cache = [];
    private T[] _outputs = [];
    private T[] _outputGradients = [];
    private T[] _hiddenGradients = [];
    private T[] _cellGradient = [];
    private T[] _recurrentGradient = [];
    private T[] _scratch = [];

    internal SequenceWorkspace(SequenceModel<T> model)
    {
        _model = model;
        Gradients = new T[model.Parameters.Length];
    }

    /// <summary>Gets the parameter gradients of the last backward pass, laid out as <see cref="SequenceModel{T}.Parameters"/>.</summary>
    public T[] Gradients { get; }

    /// <summary>Gets the number of sequences of the current batch.</summary>
    public int Batch { get; private set; }

    /// <summary>Gets the number of steps of the current batch.</summary>
    public int Steps { get; private set; }

    internal Span<T> Outputs => _outputs;

    internal Span<T> OutputGradients => _outputGradients;

    internal Span<T> Scratch => _scratch;

    internal Span<T> CellGradient => _cellGradient.AsSpan(0, Batch * _model.Config.HiddenSize);

    internal Span<T> RecurrentGradient => _recurrentGradient.AsSpan(0, Batch * _model.Config.HiddenSize);

    /// <summary>Returns the head's last output row of one sequence after the last forward pass: the prediction of the
    /// last step (standardized features) for a next-step head, the logits for a classifier.</summary>
    /// <param name="sequence">The sequence of the batch, 0 ≤ sequence &lt; <see cref="Batch"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sequence"/> is not a sequence of the current batch.</exception>
    public ReadOnlySpan<T> LastOutputs(int sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sequence, Batch);
        int width = _model.Head.OutputSize;
        int block = Batch * width;
        int row = _model.Head.OutputRowsPerSequence(Steps) - 1;
        return _outputs.AsSpan((row * block) + (sequence * width), width);
    }

    /// <summary>Returns the hidden state after <paramref name="step"/> inputs: [batch × n]; step 0 is the initial zero state.</summary>
    public ReadOnlySpan<T> HiddenStateAt(int step) => HiddenAt(step);

    internal Span<T> InputAt(int step) => Block(_inputs, step, _model.Config.InputSize);

    internal Span<T> HiddenAt(int step) => Block(_hidden, step, _model.Config.HiddenSize);

    internal Span<T> CellAt(int step) => Block(_cells, step, _model.Config.HiddenSize);

    internal Span<T> CacheAt(int step) => Block(_cache, step, _model.Cell.CacheWidth);

    internal Span<T> HiddenGradientAt(int step) => Block(_hiddenGradients, step, _model.Config.HiddenSize);

    /// <summary>Sizes the buffers for a batch shape and copies the inputs in time-major order.</summary>
    internal void Prepare(ReadOnlySpan<T> inputs, int batch, int steps)
    {
        int m = _model.Config.InputSize;
        int n = _model.Config.HiddenSize;
        Batch = batch;
        Steps = steps;
        Grow(ref _inputs, steps * batch * m);
        Grow(ref _hidden, (steps + 1) * batch * n);
        Grow(ref _cells, (steps + 1) * batch * n);
        Grow(ref _cache, steps * batch * _model.Cell.CacheWidth);
        int outputs = _model.Head.OutputRowsPerSequence(steps) * batch * _model.Head.OutputSize;
        Grow(ref _outputs, outputs);
        Grow(ref _outputGradients, outputs);
        Grow(ref _hiddenGradients, (steps + 1) * batch * n);
        Grow(ref _cellGradient, batch * n);
        Grow(ref _recurrentGradient, batch * n);
        Grow(ref _scratch, batch * _model.Cell.ScratchWidth);

        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < steps; t++)
            {
                inputs.Slice(((b * steps) + t) * m, m).CopyTo(InputAt(t).Slice(b * m, m));
            }
        }

        HiddenAt(0).Clear();
        CellAt(0).Clear();
    }

    private Span<T> Block(T[] buffer, int step, int width)
    {
        int size = Batch * width;
        return buffer.AsSpan(step * size, size);
    }

    private static void Grow(ref T[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new T[length];
        }
    }
}
