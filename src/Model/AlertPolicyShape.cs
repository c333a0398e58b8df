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
