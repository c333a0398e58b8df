using System.Numerics;
using EdgeLstm.Model.Numerics;

namespace EdgeLstm.Model.Heads;

/// <summary>Defines a dense output head on the cell's hidden states: a linear layer, a loss and an anomaly score.</summary>
/// <typeparam name="T">The float type.</typeparam>
/// <remarks>Tensors: <c>weight</c> [outputs × n] and <c>bias</c> [outputs]. A variant is one subclass plus one line in <see cref="HeadFactory"/>.</remarks>
internal abstract class ModelHead<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    protected ModelHead(int hiddenSize, int outputSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);
        HiddenSize = hiddenSize;
        OutputSize = outputSize;
        Tensors =
        [
            new TensorSpec("weight", [outputSize, hiddenSize], 0),
            new TensorSpec("bias", [outputSize], outputSize * hiddenSize),
        ];
    }

    /// <summary>Gets the head kind.</summary>
    public abstract HeadKind Kind { get; }

    /// <summary>Gets the hidden width n the head reads.</summary>
    public int HiddenSize { get; }

    /// <summary>Gets the number of outputs per row.</summary>
    public int OutputSize { get; }

    /// <summary>Gets the parameter tensors, with names relative to the head and offsets from 0.</summary>
    public IReadOnlyList<TensorSpec> Tensors { get; }

    /// <summary>Gets the number of parameters.</summary>
    public int ParameterCount => OutputSize * (HiddenSize + 1);

    /// <summary>Gets the number of output rows the head produces per sequence of <paramref name="steps"/> steps.</summary>
    public abstract int OutputRowsPerSequence(int steps);

    /// <summary>Gets a value indicating whether the head reads every hidden state h_1..h_{T−1} rather than the last one.</summary>
    public abstract bool ReadsEveryStep { get; }

    /// <summary>Computes the head's outputs from the hidden states in the workspace into its output buffer.</summary>
    public void ComputeOutputs(ReadOnlySpan<T> parameters, SequenceWorkspace<T> workspace, int count, int steps)
    {
        if (!ReadsEveryStep)
        {
            Linear(parameters, workspace.HiddenAt(steps), count, workspace.Outputs);
            return;
        }

        int block = count * OutputSize;
        for (int t = 1; t < steps; t++)
        {
            Linear(parameters, workspace.HiddenAt(t), count, workspace.Outputs.Slice((t - 1) * block, block));
        }
    }

    /// <summary>Computes the loss of the outputs <see cref="ComputeOutputs"/> left in the workspace, and with
    /// <paramref name="gradients"/> non-empty adds the parameter gradients and writes the hidden-state gradients.</summary>
    /// <returns>The mean loss over the batch.</returns>
    public abstract T Loss(ReadOnlySpan<T> parameters, SequenceWorkspace<T> workspace, in SequenceBatch<T> batch, Span<T> gradients);

    /// <summary>Writes one anomaly score per sequence from the outputs that <see cref="ComputeOutputs"/> left in the workspace.</summary>
    public abstract void Score(SequenceWorkspace<T> workspace, in SequenceBatch<T> batch, Span<T> scores);

    /// <summary>Computes outputs = h · Wᵀ + b for a block of rows.</summary>
    protected void Linear(ReadOnlySpan<T> parameters, ReadOnlySpan<T> hidden, int rows, Span<T> outputs)
    {
        outputs[..(rows * OutputSize)].Clear();
        DenseMath.AddProductTransposed(hidden, rows, Weight(parameters), outputs, OutputSize, 0);
        DenseMath.AddBias(parameters.Slice(OutputSize * HiddenSize, OutputSize), outputs, OutputSize, 0, rows);
    }

    /// <summary>Back-propagates the linear layer: adds parameter gradients and writes the hidden-state gradients.</summary>
    protected void LinearBackward(
        ReadOnlySpan<T> parameters, ReadOnlySpan<T> hidden, ReadOnlySpan<T> outputGradients, int rows, Span<T> gradients, Span<T> hiddenGradients)
    {
        DenseMath.AddOuterProducts(outputGradients, OutputSize, 0, hidden, gradients[..(OutputSize * HiddenSize)], rows);
        DenseMath.AddColumnSums(outputGradients, OutputSize, 0, gradients.Slice(OutputSize * HiddenSize, OutputSize), rows);
        hiddenGradients[..(rows * HiddenSize)].Clear();
        DenseMath.AddProduct(outputGradients, OutputSize, 0, Weight(parameters), hiddenGradients[..(rows * HiddenSize)], rows);
    }

    /// <summary>Returns the weight of sequence <paramref name="row"/>, 1 when the batch has no weights.</summary>
    protected static T SampleWeight(in SequenceBatch<T> batch, int row) => batch.Weights.IsEmpty ? T.One : batch.Weights[row];

    /// <summary>Returns the sum of the batch's sequence weights.</summary>
    protected static T TotalWeight(in SequenceBatch<T> batch)
    {
        if (batch.Weights.IsEmpty)
        {
            return T.CreateChecked(batch.Count);
        }

        T total = T.Zero;
        foreach (T weight in batch.Weights)
        {
            total += weight;
        }

        return total;
    }

    private ReadOnlySpan<T> Weight(ReadOnlySpan<T> parameters) => parameters[..(OutputSize * HiddenSize)];
}
