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

    /// <summary>Returns the lowest threshold at which the alert policy, applied to windows drawn independently from the
    /// benign scores, raises at most <paramref name="targetAlertsPerHostHour"/> alerts per host-hour.</summary>
    /// <param name="benignScores">The benign scores of the site's windows; not modified.</param>
    /// <param name="windowsPerHostHour">The site's scored windows per host-hour (windows ÷ the hosts' time on the network).</param>
    /// <param name="targetAlertsPerHostHour">The false alerts per host-hour allowed; positive.</param>
    /// <param name="policy">The alert policy the threshold is used under.</param>
    /// <returns>The threshold: just above a benign score (above them all when the data allow no alert at all).</returns>
    /// <exception cref="ArgumentException">There are no benign scores, the rates are not positive and finite, or the policy is invalid.</exception>
    /// <remarks>
    /// A window quantile alone does not say how many alerts an operator gets: the k-of-n rule needs k anomalous windows
    /// of one host close together, so a window rate p gives about C(n − 1, k − 1)·p^k alert decisions per window
    /// (<see cref="AlertPolicyShape.DecisionProbability"/>). Fitting on that rate reads the benign scores where they are
    /// many (at 2 of 3 and one alert per 24 host-hours of about 300 windows each, near the 99th percentile) instead of
    /// at the extreme tail, which a short learning period cannot estimate and one noisy host decides. Benign outliers
    /// that come in bursts alert more often than this model says; callers report the policy's alerts on the data too.
    /// </remarks>
    public static double AtAlertRate(ReadOnlySpan<float> benignScores, double windowsPerHostHour, double targetAlertsPerHostHour, AlertPolicyShape policy)
    {
        if (benignScores.IsEmpty)
        {
            throw new ArgumentException("Cannot calibrate a threshold without benign scores.", nameof(benignScores));
        }

        if (!double.IsFinite(windowsPerHostHour) || windowsPerHostHour <= 0)
        {
            throw new ArgumentException($"The windows per host-hour {windowsPerHostHour} must be positive and finite.", nameof(windowsPerHostHour));
        }

        if (!double.IsFinite(targetAlertsPerHostHour) || targetAlertsPerHostHour <= 0)
        {
            throw new ArgumentException($"The target alerts per host-hour {targetAlertsPerHostHour} must be positive and finite.", nameof(targetAlertsPerHostHour));
        }

        if (policy.AnomalousWindows < 1 || policy.OfWindows < policy.AnomalousWindows || policy.ImmediateMultiple < 0 || !double.IsFinite(policy.ImmediateMultiple))
        {
            throw new ArgumentException($"The policy {policy} is not a k-of-n rule with 1 ≤ k ≤ n and a multiple ≥ 0.", nameof(policy));
        }

        float[] sorted = benignScores.ToArray();
        Array.Sort(sorted);
        double allowed = targetAlertsPerHostHour / windowsPerHostHour;

        // Candidate i is just above the i-th smallest score; the last, above them all, always fits. The decision rate
        // falls as the threshold rises.
        int low = 0;
        int high = sorted.Length - 1;
        while (low < high)
        {
            int middle = low + ((high - low) / 2);
            if (DecisionRate(sorted, Candidate(sorted, middle), policy) <= allowed)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return Candidate(sorted, low);
    }

    /// <summary>Returns the share of the sorted scores at or above a threshold.</summary>
    /// <param name="sorted">Scores in ascending order.</param>
    /// <param name="threshold">The threshold.</param>
    public static double ShareAtOrAbove(ReadOnlySpan<float> sorted, double threshold)
    {
        int low = 0;
        int high = sorted.Length;
        while (low < high)
        {
            int middle = low + ((high - low) / 2);
            if (sorted[middle] < threshold)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return sorted.IsEmpty ? 0 : (double)(sorted.Length - low) / sorted.Length;
    }

    private static double Candidate(float[] sorted, int index) => Math.BitIncrement((double)sorted[index]);

    private static double DecisionRate(float[] sorted, double threshold, AlertPolicyShape policy) =>
        policy.DecisionProbability(ShareAtOrAbove(sorted, threshold), policy.ImmediateMultiple > 0 ? ShareAtOrAbove(sorted, policy.ImmediateMultiple * threshold) : 0);
}
