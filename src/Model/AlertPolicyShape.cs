namespace EdgeLstm.Model;

/// <summary>Describes the alert policy a threshold is used under: a host alerts when k of its last n scored windows
/// are at or above the threshold, or at once when one window is at least a multiple of it. The agent's defaults live
/// here so that the trainer's site calibration fits a threshold for the policy the agent applies.</summary>
/// <param name="AnomalousWindows">k: the windows among the last n at or above the threshold that raise an alert.</param>
/// <param name="OfWindows">n, at least k.</param>
/// <param name="ImmediateMultiple">The multiple of the threshold at which one window alerts at once; 0 for never.</param>
public readonly record struct AlertPolicyShape(int AnomalousWindows, int OfWindows, double ImmediateMultiple)
{
    /// <summary>Gets the agent's default policy: 2 of 3 windows, or one window at 8× the threshold.</summary>
    public static AlertPolicyShape Default { get; } = new(2, 3, 8);

    /// <summary>Returns the probability that a window is an alert decision when each window is, independently, at or
    /// above the threshold with probability <paramref name="aboveThreshold"/> and at or above the immediate multiple
    /// with probability <paramref name="aboveMultiple"/>.</summary>
    /// <param name="aboveThreshold">The share of windows at or above the threshold.</param>
    /// <param name="aboveMultiple">The share at or above the immediate multiple of it (ignored when the multiple is 0).</param>
    /// <returns>P(window ≥ multiple) + P(threshold ≤ window &lt; multiple) · P(at least k − 1 of the n − 1 windows before it are at or above the threshold).</returns>
    /// <remarks>This method effectively computes the alert rate per window of the k-of-n rule under independent windows,
    /// before the cooldown merges decisions of one host: an upper bound of the alerts when outliers are isolated.</remarks>
    public double DecisionProbability(double aboveThreshold, double aboveMultiple)
    {
        double p = Math.Clamp(aboveThreshold, 0, 1);
        double immediate = ImmediateMultiple > 0 ? Math.Clamp(aboveMultiple, 0, p) : 0;
        double enough = 0;
        int before = OfWindows - 1;
        for (int j = AnomalousWindows - 1; j <= before; j++)
        {
            enough += Binomial(before, j) * Math.Pow(p, j) * Math.Pow(1 - p, before - j);
        }

        return immediate + ((p - immediate) * enough);
    }

    /// <summary>Computes, for each window, the lowest threshold at which the policy would make it an alert decision
    /// (before the cooldown): the window's score when at least k − 1 of the host's n − 1 windows before it are as high,
    /// else the k-th highest of its last n scores, or its score ÷ the multiple when that is higher.</summary>
    /// <param name="scores">The windows' scores, each host's in time order.</param>
    /// <param name="hosts">The host of each window, as small non-negative numbers.</param>
    /// <param name="destination">The policy value of each window.</param>
    /// <exception cref="ArgumentException">The spans differ in length, a host is negative, or the policy is invalid.</exception>
    /// <remarks>This method effectively computes, for every window, min(s, max(kth of the last n, s ÷ multiple)): the
    /// window is a decision at threshold t exactly when its value is at or above t.</remarks>
    public void PolicyValues(ReadOnlySpan<float> scores, ReadOnlySpan<int> hosts, Span<float> destination)
    {
        Validate();
        if (hosts.Length != scores.Length || destination.Length != scores.Length)
        {
            throw new ArgumentException($"{scores.Length} scores, {hosts.Length} hosts and {destination.Length} destinations.", nameof(hosts));
        }

        int count = 0;
        foreach (int host in hosts)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(host, nameof(hosts));
            count = Math.Max(count, host + 1);
        }

        // Each host's last n scores in a ring, with how many it has.
        var recent = new float[count * OfWindows];
        var seen = new int[count];
        for (int i = 0; i < scores.Length; i++)
        {
            int host = hosts[i];
            Span<float> ring = recent.AsSpan(host * OfWindows, OfWindows);
            ring[seen[host] % OfWindows] = scores[i];
            seen[host]++;
            destination[i] = PolicyValue(ring[..Math.Min(seen[host], OfWindows)], scores[i]);
        }
    }

    /// <summary>Returns the lowest threshold at which a window would be an alert decision of the policy (before the cooldown).</summary>
    /// <param name="recent">The host's last scores, at most n, the window's own among them, in any order.</param>
    /// <param name="score">The window's score.</param>
    /// <returns>min(score, max(the k-th highest of <paramref name="recent"/>, score ÷ the multiple)); −∞ for a window with
    /// fewer than k recent scores and no multiple.</returns>
    /// <exception cref="ArgumentException">More than n recent scores.</exception>
    public float PolicyValue(ReadOnlySpan<float> recent, float score)
    {
        if (recent.Length > OfWindows)
        {
            throw new ArgumentException($"{recent.Length} recent scores, more than the policy's {OfWindows} windows.", nameof(recent));
        }

        Span<float> ordered = stackalloc float[recent.Length];
        recent.CopyTo(ordered);
        ordered.Sort();
        float kth = recent.Length >= AnomalousWindows ? ordered[recent.Length - AnomalousWindows] : float.NegativeInfinity;
        float immediate = ImmediateMultiple > 0 ? (float)(score / ImmediateMultiple) : float.NegativeInfinity;
        return Math.Min(score, Math.Max(kth, immediate));
    }

    /// <summary>Throws when the policy is not a k-of-n rule with 1 ≤ k ≤ n ≤ 64 and a multiple of 0 or at least 1.</summary>
    /// <exception cref="ArgumentException">The policy is invalid.</exception>
    public void Validate()
    {
        if (AnomalousWindows < 1 || OfWindows < AnomalousWindows || OfWindows > 64 || !double.IsFinite(ImmediateMultiple)
            || ImmediateMultiple < 0 || ImmediateMultiple is > 0 and < 1)
        {
            throw new ArgumentException($"The policy {this} is not a k-of-n rule with 1 ≤ k ≤ n ≤ 64 and a multiple of 0 or at least 1.");
        }
    }

    private static double Binomial(int n, int k)
    {
        double result = 1;
        for (int i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }
}
