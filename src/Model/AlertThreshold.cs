namespace EdgeLstm.Model;

/// <summary>Chooses an alert threshold from benign scores at a target false-positive rate; the one rule the trainer's
/// calibration, <c>edgelstm-train calibrate</c> and the agent's site learning share.</summary>
public static class AlertThreshold
{
    /// <summary>Returns the lowest threshold t such that at most <paramref name="targetFalsePositiveRate"/> of the benign
    /// scores are ≥ t (an alert is score ≥ threshold).</summary>
    /// <param name="benignScores">The benign scores; not modified.</param>
    /// <param name="targetFalsePositiveRate">The share of benign scores allowed at or above the threshold, in [0, 1).</param>
    /// <returns>The threshold: just above the highest benign score that must stay below it.</returns>
    /// <exception cref="ArgumentException">There are no benign scores, or the rate is outside [0, 1).</exception>
    public static double AtFalsePositiveRate(ReadOnlySpan<float> benignScores, double targetFalsePositiveRate)
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
