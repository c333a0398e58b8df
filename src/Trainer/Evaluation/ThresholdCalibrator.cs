namespace EdgeLstm.Trainer.Evaluation;

/// <summary>Chooses the alert threshold from held-out benign scores at a target false-positive rate.</summary>
internal static class ThresholdCalibrator
{
    /// <summary>Returns the lowest threshold t such that at most <paramref name="targetFalsePositiveRate"/> of the benign
    /// scores are ≥ t (an alert is score ≥ threshold).</summary>
    /// <exception cref="ArgumentException">There are no benign scores, or the rate is outside [0, 1).</exception>
    public static double Calibrate(ReadOnlySpan<float> benignScores, double targetFalsePositiveRate)
    {
        if (benignScores.IsEmpty)
        {
            throw new ArgumentException("Cannot calibrate a threshold without held-out benign scores.", nameof(benignScores));
        }

        if (targetFalsePositiveRate is < 0 or >= 1 || double.IsNaN(targetFalsePositiveRate))
        {
            throw new ArgumentException($"The target false-positive rate {targetFalsePositiveRate} must be in [0, 1).", nameof(targetFalsePositiveRate));
        }

        float[] sorted = benignScores.ToArray();
        Array.Sort(sorted);
        int allowed = (int)Math.Floor(targetFalsePositiveRate * sorted.Length);

        // Alerts are the `allowed` highest scores at most: put the threshold just above the next one down.
        float boundary = sorted[sorted.Length - 1 - allowed];
        return Math.BitIncrement((double)boundary);
    }
}
