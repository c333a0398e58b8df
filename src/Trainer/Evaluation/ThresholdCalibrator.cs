using EdgeLstm.Model;

namespace EdgeLstm.Trainer.Evaluation;

/// <summary>Chooses the alert threshold from held-out benign scores at a target false-positive rate.</summary>
internal static class ThresholdCalibrator
{
    /// <summary>Returns the lowest threshold t such that at most <paramref name="targetFalsePositiveRate"/> of the benign
    /// scores are ≥ t (an alert is score ≥ threshold).</summary>
    /// <exception cref="ArgumentException">There are no benign scores, or the rate is outside [0, 1).</exception>
    public static double Calibrate(ReadOnlySpan<float> benignScores, double targetFalsePositiveRate) =>
        AlertThreshold.AtFalsePositiveRate(benignScores, targetFalsePositiveRate);
}
