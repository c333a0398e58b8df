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

    /// <summary>The fewest alert decisions on the data at which the burst factor of <see cref="AtAlertRate"/> is measured
    /// (a rank error of about 1/√100 = 10%).</summary>
    public const int BurstDecisions = 100;

    /// <summary>Returns the lowest threshold at which the alert policy is expected to raise at most
    /// <paramref name="targetAlertsPerHostHour"/> false alerts per host-hour on traffic like the benign windows given.</summary>
    /// <param name="benignScores">The scores of the site's benign windows; not modified.</param>
    /// <param name="policyValues">For each window, the lowest threshold at which it would be an alert decision of the
    /// policy (<see cref="AlertPolicyShape.PolicyValues"/>): the windows' order and hosts, which the scores alone lose.</param>
    /// <param name="windowsPerHostHour">The site's scored windows per host-hour (windows ÷ the hosts' time on the network).</param>
    /// <param name="targetAlertsPerHostHour">The false alerts per host-hour allowed; positive.</param>
    /// <param name="policy">The alert policy the threshold is used under.</param>
    /// <returns>The threshold and what it rests on.</returns>
    /// <exception cref="ArgumentException">There are no scores, the spans differ in length, the rates are not positive
    /// and finite, or the policy is invalid.</exception>
    /// <remarks>
    /// A window quantile alone does not say how many alerts an operator gets, and at the rates an operator can live with
    /// the policy's own alert decisions are too few in any learning period to be counted (one per host-day is a handful
    /// in a day of a few hosts; their largest is decided by one noisy host). So the decision rate is modelled where the
    /// scores are many: independent windows, each at or above a threshold t with the site's share p(t), give
    /// <see cref="AlertPolicyShape.DecisionProbability"/> decisions per window (about 2p² at 2 of 3). Benign outliers come
    /// in bursts, so the model is multiplied by the burst factor, the decisions counted on the data ÷ the model's, at the
    /// highest threshold with at least <see cref="BurstDecisions"/> decisions (at the lowest score when there are fewer),
    /// and never below 1. The factor grows with the threshold, so the prediction remains a lower bound: callers report
    /// the decisions the data itself holds above the threshold too.
    /// </remarks>
    public static AlertRateFit AtAlertRate(
        ReadOnlySpan<float> benignScores, ReadOnlySpan<float> policyValues, double windowsPerHostHour, double targetAlertsPerHostHour, AlertPolicyShape policy)
    {
        if (benignScores.IsEmpty)
        {
            throw new ArgumentException("Cannot calibrate a threshold without benign scores.", nameof(benignScores));
        }

        if (policyValues.Length != benignScores.Length)
        {
            throw new ArgumentException($"{policyValues.Length} policy values for {benignScores.Length} scores.", nameof(policyValues));
        }

        if (!double.IsFinite(windowsPerHostHour) || windowsPerHostHour <= 0)
        {
            throw new ArgumentException($"The windows per host-hour {windowsPerHostHour} must be positive and finite.", nameof(windowsPerHostHour));
        }

        if (!double.IsFinite(targetAlertsPerHostHour) || targetAlertsPerHostHour <= 0)
        {
            throw new ArgumentException($"The target alerts per host-hour {targetAlertsPerHostHour} must be positive and finite.", nameof(targetAlertsPerHostHour));
        }

        policy.Validate();
        float[] sorted = benignScores.ToArray();
        Array.Sort(sorted);
        float[] decisions = policyValues.ToArray();
        Array.Sort(decisions);

        // The burst factor, where the data holds enough decisions to count them.
        float burstAt = decisions[Math.Max(0, decisions.Length - BurstDecisions)];
        double modelled = DecisionRate(sorted, burstAt, policy);
        double burst = modelled > 0 ? Math.Max(1, ShareAtOrAbove(decisions, burstAt) / modelled) : 1;

        // Candidate i is just above the i-th smallest score; the last, above them all, always fits. The decision rate
        // falls as the threshold rises.
        double allowed = targetAlertsPerHostHour / windowsPerHostHour;
        int low = 0;
        int high = sorted.Length - 1;
        while (low < high)
        {
            int middle = low + ((high - low) / 2);
            if (burst * DecisionRate(sorted, Candidate(sorted, middle), policy) <= allowed)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        double threshold = Candidate(sorted, low);
        return new AlertRateFit(
            threshold,
            ShareAtOrAbove(sorted, threshold),
            burst,
            burst * DecisionRate(sorted, threshold, policy) * windowsPerHostHour,
            (int)Math.Round(ShareAtOrAbove(decisions, threshold) * decisions.Length));
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
