using System.Numerics;
using EdgeLstm.Model.Cells;
using EdgeLstm.Model.Heads;

namespace EdgeLstm.Model;

/// <summary>A recurrent cell and a dense head over one flat parameter array: forward, loss and exact backward through time.</summary>
/// <typeparam name="T">The float type: <see cref="float"/> for training and inference, <see cref="double"/> for gradient checks.</typeparam>
public sealed class SequenceModel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _headOffset;

    /// <summary>Initializes a model over existing parameters (for example read from a model file).</summary>
    /// <param name="config">The configuration; it is validated.</param>
    /// <param name="parameters">The flat parameters, laid out as <see cref="Tensors"/>; the model keeps this array.</param>
    /// <exception cref="ArgumentException">The configuration is invalid or the parameter count does not match it.</exception>
    public SequenceModel(ModelConfig config, T[] parameters)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(parameters);
        config.Validate();
        Config = config;
        Cell = CellFactory.Create<T>(config.Cell, config.InputSize, config.HiddenSize, config.Peephole);
        Head = HeadFactory.Create<T>(config.Head, config.HiddenSize, config.OutputSize);
        _headOffset = Cell.ParameterCount;
        Tensors =
        [
            .. Cell.Tensors.Select(t => t with { Name = "cell." + t.Name }),
            .. Head.Tensors.Select(t => t with { Name = "head." + t.Name, Offset = _headOffset + t.Offset }),
        ];
        int expected = _headOffset + Head.ParameterCount;
        if (parameters.Length != expected)
        {
            throw new ArgumentException($"The model needs {expected} parameters but {parameters.Length} were given.", nameof(parameters));
        }

        Parameters = parameters;
    }

    /// <summary>Gets the configuration.</summary>
    public ModelConfig Config { get; }

    /// <summary>Gets the flat parameter array: the cell's tensors, then the head's.</summary>
    public T[] Parameters { get; }

    /// <summary>Gets the named tensors (<c>cell.weight_ih</c>, …, <c>head.bias</c>) and their place in <see cref="Parameters"/>.</summary>
    public IReadOnlyList<TensorSpec> Tensors { get; }

    /// <summary>Gets the number of parameters of the cell.</summary>
    public int CellParameterCount => Cell.ParameterCount;

    /// <summary>Gets the number of multiply-accumulates of one cell step for one sequence.</summary>
    public int MultiplyAccumulatesPerStep => Cell.MultiplyAccumulatesPerStep;

    /// <summary>Gets or sets the rounding applied to step inputs, hidden and cell states and their gradients; <see langword="null"/> (the default) for none.</summary>
    /// <remarks>FloatSD8 training sets it to emulate 8-bit activations and gradients; the cells themselves stay exact.</remarks>
    public ISequenceRounding<T>? Rounding { get; set; }

    internal RecurrentCell<T> Cell { get; }

    internal ModelHead<T> Head { get; }

    /// <summary>Creates a workspace sized on first use; one per thread.</summary>
    public SequenceWorkspace<T> CreateWorkspace() => new(this);

    /// <summary>Runs the model over a batch and returns the mean loss; optionally back-propagates through time.</summary>
    /// <param name="batch">The sequences and their targets.</param>
    /// <param name="workspace">The buffers; after a backward pass its <see cref="SequenceWorkspace{T}.Gradients"/> hold dLoss/dParameters.</param>
    /// <param name="computeGradients"><see langword="true"/> to compute the gradients.</param>
    /// <returns>The mean loss of the batch.</returns>
    /// <exception cref="ArgumentException">The batch's shape does not match the model.</exception>
    public T Loss(in SequenceBatch<T> batch, SequenceWorkspace<T> workspace, bool computeGradients)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        Forward(batch, workspace);
        Head.ComputeOutputs(HeadParameters, workspace, batch.Count, batch.Steps);
        if (!computeGradients)
        {
            return Head.Loss(HeadParameters, workspace, batch, Span<T>.Empty);
        }

        Span<T> gradients = workspace.Gradients;
        gradients.Clear();
        for (int t = 0; t <= batch.Steps; t++)
        {
            workspace.HiddenGradientAt(t).Clear();
        }

        T loss = Head.Loss(HeadParameters, workspace, batch, gradients[_headOffset..]);
        BackwardThroughTime(batch, workspace, gradients[.._headOffset]);
        return loss;
    }

    /// <summary>Computes one anomaly score per sequence (higher is more anomalous).</summary>
    /// <param name="batch">The sequences; labels are not needed.</param>
    /// <param name="workspace">The buffers.</param>
    /// <param name="scores">Receives one score per sequence.</param>
    public void Score(in SequenceBatch<T> batch, SequenceWorkspace<T> workspace, Span<T> scores)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (scores.Length < batch.Count)
        {
            throw new ArgumentException($"The destination has room for {scores.Length} scores but the batch has {batch.Count} sequences.", nameof(scores));
        }

        Forward(batch, workspace, requireLabels: false);
        Head.ComputeOutputs(HeadParameters, workspace, batch.Count, batch.Steps);
        Head.Score(workspace, batch, scores);
    }

    /// <summary>Writes the classifier's logits for a batch: [count × classes] (one column for the sigmoid head).</summary>
    /// <param name="batch">The sequences; labels are not needed.</param>
    /// <param name="workspace">The buffers.</param>
    /// <param name="logits">Receives count × <see cref="ModelConfig.OutputSize"/> values.</param>
    /// <exception cref="InvalidOperationException">The head is not a classifier.</exception>
    public void Logits(in SequenceBatch<T> batch, SequenceWorkspace<T> workspace, Span<T> logits)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (Head.ReadsEveryStep)
        {
            throw new InvalidOperationException($"A {Config.Head} head has no class logits.");
        }

        int length = batch.Count * Config.OutputSize;
        if (logits.Length < length)
        {
            throw new ArgumentException($"The destination has room for {logits.Length} logits but the batch needs {length}.", nameof(logits));
        }

        Forward(batch, workspace, requireLabels: false);
        Head.ComputeOutputs(HeadParameters, workspace, batch.Count, batch.Steps);
        workspace.Outputs[..length].CopyTo(logits);
    }

    private ReadOnlySpan<T> CellParameters => Parameters.AsSpan(0, _headOffset);

    private ReadOnlySpan<T> HeadParameters => Parameters.AsSpan(_headOffset);

    private void Forward(in SequenceBatch<T> batch, SequenceWorkspace<T> workspace, bool requireLabels = true)
    {
        int m = Config.InputSize;
        if (batch.Count <= 0 || batch.Steps <= 0)
        {
            throw new ArgumentException($"A batch needs at least one sequence and one step, not {batch.Count} × {batch.Steps}.", nameof(batch));
        }

        if (batch.Inputs.Length != (long)batch.Count * batch.Steps * m)
        {
            throw new ArgumentException(
                $"The inputs hold {batch.Inputs.Length} values but {batch.Count} sequences × {batch.Steps} steps × {m} features need {(long)batch.Count * batch.Steps * m}.",
                nameof(batch));
        }

        if (requireLabels && Head.Kind != HeadKind.NextStep && batch.Labels.Length != batch.Count)
        {
            throw new ArgumentException($"The batch has {batch.Count} sequences but {batch.Labels.Length} labels.", nameof(batch));
        }

        if (!batch.Weights.IsEmpty && batch.Weights.Length != batch.Count)
        {
            throw new ArgumentException($"The batch has {batch.Count} sequences but {batch.Weights.Length} weights.", nameof(batch));
        }

        workspace.Prepare(batch.Inputs, batch.Count, batch.Steps);
        ReadOnlySpan<T> parameters = CellParameters;
        ISequenceRounding<T>? rounding = Rounding;
        for (int t = 0; t < batch.Steps; t++)
        {
            rounding?.RoundActivations(workspace.InputAt(t));
            Cell.Forward(parameters, batch.Count, workspace.InputAt(t), workspace.HiddenAt(t), workspace.CellAt(t), workspace.HiddenAt(t + 1), workspace.CellAt(t + 1), workspace.CacheAt(t));
            if (rounding is not null)
            {
                // The rounded states are what the next step, the head and the backward pass all see.
                rounding.RoundActivations(workspace.HiddenAt(t + 1));
                rounding.RoundActivations(workspace.CellAt(t + 1));
            }
        }
    }

    private void BackwardThroughTime(in SequenceBatch<T> batch, SequenceWorkspace<T> workspace, Span<T> cellGradients)
    {
        ReadOnlySpan<T> parameters = CellParameters;
        Span<T> dc = workspace.CellGradient;
        Span<T> recurrent = workspace.RecurrentGradient;
        ISequenceRounding<T>? rounding = Rounding;
        dc.Clear();
        recurrent.Clear();
        for (int t = batch.Steps; t >= 1; t--)
        {
            // dL/dh_t = the head's part (already in the buffer) + the part flowing back from step t+1.
            Span<T> dh = workspace.HiddenGradientAt(t);
            for (int k = 0; k < dh.Length; k++)
            {
                dh[k] += recurrent[k];
            }

            if (rounding is not null)
            {
                rounding.RoundGradients(dh);
                rounding.RoundGradients(dc);
            }

            Cell.Backward(
                parameters,
                batch.Count,
                workspace.InputAt(t - 1),
                workspace.HiddenAt(t - 1),
                workspace.CellAt(t - 1),
                workspace.CacheAt(t - 1),
                dh,
                dc,
                recurrent,
                cellGradients,
                workspace.Scratch);
        }
    }
}
