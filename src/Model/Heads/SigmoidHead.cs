using System.Numerics;
using EdgeLstm.Model.Numerics;

namespace EdgeLstm.Model.Heads;

/// <summary>Implements the binary classifier: one logit on the last hidden state, binary cross-entropy with logits.</summary>
internal sealed class SigmoidHead<T>(int hiddenSize) : ModelHead<T>(hiddenSize, 1)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override HeadKind Kind => HeadKind.Sigmoid;

    /// <inheritdoc/>
    public override int OutputRowsPerSequence(int steps) => 1;

    /// <inheritdoc/>
    public override bool ReadsEveryStep => false;

    /// <inheritdoc/>
    public override T Loss(ReadOnlySpan<T> parameters, SequenceWorkspace<T> workspace, in SequenceBatch<T> batch, Span<T> gradients)
    {
        int rows = batch.Count;
        Span<T> logits = workspace.Outputs;
        T totalWeight = TotalWeight(batch);
        T loss = T.Zero;
        Span<T> dLogits = workspace.OutputGradients;
        for (int b = 0; b < rows; b++)
        {
            T target = batch.Labels[b] != 0 ? T.One : T.Zero;
            T weight = SampleWeight(batch, b);
            T z = logits[b];
            loss += weight * (Activation.Softplus(z) - (z * target));
            dLogits[b] = weight * (Activation.Sigmoid(z) - target) / totalWeight;
        }

        if (!gradients.IsEmpty)
        {
            LinearBackward(parameters, workspace.HiddenAt(batch.Steps), dLogits, rows, gradients, workspace.HiddenGradientAt(batch.Steps));
        }

        return loss / totalWeight;
    }

    /// <inheritdoc/>
    public override void Score(SequenceWorkspace<T> workspace, in SequenceBatch<T> batch, Span<T> scores)
    {
        for (int b = 0; b < batch.Count; b++)
        {
            scores[b] = Activation.Sigmoid(workspace.Outputs[b]);
        }
    }
}
