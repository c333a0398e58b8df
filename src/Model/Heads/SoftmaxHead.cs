using System.Numerics;

namespace EdgeLstm.Model.Heads;

/// <summary>Implements the multi-class classifier: one logit per class on the last hidden state, cross-entropy.</summary>
/// <remarks>Class 0 is the benign class; the anomaly score is 1 − p(class 0).</remarks>
internal sealed class SoftmaxHead<T>(int hiddenSize, int classCount) : ModelHead<T>(hiddenSize, classCount)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override HeadKind Kind => HeadKind.Softmax;

    /// <inheritdoc/>
    public override int OutputRowsPerSequence(int steps) => 1;

    /// <inheritdoc/>
    public override bool ReadsEveryStep => false;

    /// <inheritdoc/>
    public override T Loss(ReadOnlySpan<T> parameters, SequenceWorkspace<T> workspace, in SequenceBatch<T> batch, Span<T> gradients)
    {
        int rows = batch.Count;
        int k = OutputSize;
        Span<T> logits = workspace.Outputs;
        T totalWeight = TotalWeight(batch);
        T loss = T.Zero;
        Span<T> dLogits = workspace.OutputGradients;
        for (int b = 0; b < rows; b++)
        {
            int label = batch.Labels[b];
            if ((uint)label >= (uint)k)
            {
                throw new ArgumentOutOfRangeException(nameof(batch), $"Label {label} of sequence {b} is outside 0..{k - 1}.");
            }

            ReadOnlySpan<T> row = logits.Slice(b * k, k);
            Span<T> dRow = dLogits.Slice(b * k, k);
            T logSum = LogSumExp(row);
            T weight = SampleWeight(batch, b);
            loss += weight * (logSum - row[label]);
            for (int j = 0; j < k; j++)
            {
                T probability = T.Exp(row[j] - logSum);
                dRow[j] = weight * (probability - (j == label ? T.One : T.Zero)) / totalWeight;
            }
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
        int k = OutputSize;
        for (int b = 0; b < batch.Count; b++)
        {
            ReadOnlySpan<T> row = workspace.Outputs.Slice(b * k, k);
            scores[b] = T.One - T.Exp(row[0] - LogSumExp(row));
        }
    }

    // log Σ e^z, shifted by the largest logit so that no exponential overflows.
    private static T LogSumExp(ReadOnlySpan<T> logits)
    {
        T max = logits[0];
        for (int j = 1; j < logits.Length; j++)
        {
            max = T.Max(max, logits[j]);
        }

        T sum = T.Zero;
        foreach (T logit in logits)
        {
            sum += T.Exp(logit - max);
        }

        return max + T.Log(sum);
    }
}
