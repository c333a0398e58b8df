using System.Numerics;

namespace EdgeLstm.Model.Heads;

/// <summary>Implements the next-step predictor: from each hidden state h_t it regresses the next input x_{t+1}.</summary>
/// <remarks>
/// Inputs are standardized features, so the squared error is in standard deviations. The loss is the mean over
/// sequences, the T−1 predictions and the features (PyTorch's MSELoss); the anomaly score of a sequence is the mean
/// squared standardized error of its last prediction, which is what the agent sees when a new window arrives.
/// </remarks>
internal sealed class NextStepHead<T>(int hiddenSize, int inputSize) : ModelHead<T>(hiddenSize, inputSize)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override HeadKind Kind => HeadKind.NextStep;

    /// <inheritdoc/>
    public override int OutputRowsPerSequence(int steps) => steps - 1;

    /// <inheritdoc/>
    public override bool ReadsEveryStep => true;

    /// <inheritdoc/>
    public override T Loss(ReadOnlySpan<T> parameters, SequenceWorkspace<T> workspace, in SequenceBatch<T> batch, Span<T> gradients)
    {
        if (batch.Steps < 2)
        {
            throw new ArgumentException("The next-step predictor needs sequences of at least 2 steps.", nameof(batch));
        }

        int rows = batch.Count;
        int m = OutputSize;
        int block = rows * m;
        T scale = T.CreateChecked(2.0) / (TotalWeight(batch) * T.CreateChecked(batch.Steps - 1) * T.CreateChecked(m));
        T loss = T.Zero;
        for (int t = 1; t < batch.Steps; t++)
        {
            // h_t has seen x_0..x_{t-1}; it predicts x_t.
            Span<T> predictions = workspace.Outputs.Slice((t - 1) * block, block);
            Span<T> dPredictions = workspace.OutputGradients.Slice((t - 1) * block, block);
            ReadOnlySpan<T> targets = workspace.InputAt(t);
            for (int b = 0; b < rows; b++)
            {
                T weight = SampleWeight(batch, b);
                for (int j = 0; j < m; j++)
                {
                    int index = (b * m) + j;
                    T error = predictions[index] - targets[index];
                    loss += weight * error * error;
                    dPredictions[index] = scale * weight * error;
                }
            }

            if (!gradients.IsEmpty)
            {
                LinearBackward(parameters, workspace.HiddenAt(t), dPredictions, rows, gradients, workspace.HiddenGradientAt(t));
            }
        }

        return loss * scale / T.CreateChecked(2.0);
    }

    /// <inheritdoc/>
    public override void Score(SequenceWorkspace<T> workspace, in SequenceBatch<T> batch, Span<T> scores)
    {
        int rows = batch.Count;
        int m = OutputSize;
        int block = rows * m;
        ReadOnlySpan<T> predictions = workspace.Outputs.Slice((batch.Steps - 2) * block, block);
        ReadOnlySpan<T> targets = workspace.InputAt(batch.Steps - 1);
        for (int b = 0; b < rows; b++)
        {
            T sum = T.Zero;
            for (int j = 0; j < m; j++)
            {
                T error = predictions[(b * m) + j] - targets[(b * m) + j];
                sum += error * error;
            }

            scores[b] = sum / T.CreateChecked(m);
        }
    }
}
