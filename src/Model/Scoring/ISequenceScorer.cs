namespace EdgeLstm.Model.Scoring;

/// <summary>Scores one host sequence, in float or on the integer kernel, with the score definitions of
/// <see cref="SequenceModel{T}.Score"/>.</summary>
public interface ISequenceScorer
{
    /// <summary>Gets the configuration of the model that scores.</summary>
    ModelConfig Config { get; }

    /// <summary>Gets the name of the arithmetic the scorer runs in, for logs and reports.</summary>
    string Arithmetic { get; }

    /// <summary>Gets the head's outputs after the last <see cref="Score"/>: the prediction of the last step (standardized
    /// features) for a next-step head, the logits for a classifier.</summary>
    ReadOnlySpan<float> Outputs { get; }

    /// <summary>Returns the anomaly score of one standardized sequence (higher is more anomalous).</summary>
    /// <param name="sequence">T steps × m inputs, oldest first.</param>
    /// <param name="leadingSilence">The number of leading steps that are the silence vector (a host's history before
    /// it appeared); a scorer may start from the model's cached state after that many silent steps instead of running
    /// them, with the same result.</param>
    /// <returns>The score.</returns>
    float Score(ReadOnlySpan<float> sequence, int leadingSilence);
}
