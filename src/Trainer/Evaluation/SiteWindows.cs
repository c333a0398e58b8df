using EdgeLstm.Model;
using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Evaluation;

/// <summary>Holds a site's scored benign windows in the order the agent's alert policy sees them (host by host, in
/// time), with each window's policy value and the hosts' time on the network.</summary>
internal sealed class SiteWindows
{
    private SiteWindows(float[] scores, float[] policyValues, double hostHours)
    {
        Scores = scores;
        PolicyValues = policyValues;
        HostHours = hostHours;
        Sorted = [.. policyValues];
        Array.Sort(Sorted);
    }

    /// <summary>Gets the scores, host by host in time order.</summary>
    public float[] Scores { get; }

    /// <summary>Gets each window's policy value (<see cref="AlertPolicyShape.PolicyValues"/>).</summary>
    public float[] PolicyValues { get; }

    /// <summary>Gets the number of windows.</summary>
    public int Windows => Scores.Length;

    /// <summary>Gets the hosts' time on the network: per host its first to its last window, plus one window.</summary>
    public double HostHours { get; }

    private float[] Sorted { get; }

    /// <summary>Orders the scored windows of a set by host and time and computes their policy values.</summary>
    /// <param name="set">The windows; their groups (file × host) and end times say whose and when, when known.</param>
    /// <param name="scores">One score per window of the set.</param>
    /// <param name="windowSeconds">The length of a window (of a record: 1 s), added to each host's time.</param>
    /// <param name="policy">The alert policy.</param>
    /// <returns>The site's windows.</returns>
    /// <exception cref="ArgumentException">The scores do not match the set.</exception>
    /// <remarks>A set without groups is taken as one host, and without times as one window after another.</remarks>
    public static SiteWindows Of(SequenceSet set, float[] scores, double windowSeconds, AlertPolicyShape policy)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Length != set.Count)
        {
            throw new ArgumentException($"{scores.Length} scores for {set.Count} windows.", nameof(scores));
        }

        int count = set.Count;
        int[] groups = set.Groups.Length == count ? set.Groups : new int[count];
        double[] times = set.EndTimes.Length == count && !set.EndTimes.Any(double.IsNaN)
            ? set.EndTimes
            : [.. Enumerable.Range(0, count).Select(i => i * windowSeconds)];
        int[] order = [.. Enumerable.Range(0, count).OrderBy(i => groups[i]).ThenBy(i => times[i])];

        var dense = new Dictionary<int, int>();
        var hosts = new int[count];
        var ordered = new float[count];
        double seconds = 0;
        for (int j = 0; j < count; j++)
        {
            int i = order[j];
            if (!dense.TryGetValue(groups[i], out int host))
            {
                host = dense.Count;
                dense.Add(groups[i], host);
            }

            hosts[j] = host;
            ordered[j] = scores[i];
            bool last = j == count - 1 || groups[order[j + 1]] != groups[i];
            if (last)
            {
                int first = j;
                while (first > 0 && groups[order[first - 1]] == groups[i])
                {
                    first--;
                }

                seconds += times[i] - times[order[first]] + windowSeconds;
            }
        }

        var values = new float[count];
        policy.PolicyValues(ordered, hosts, values);
        return new SiteWindows(ordered, values, seconds / 3600);
    }

    /// <summary>Returns how many windows are alert decisions at a threshold (before the cooldown).</summary>
    public int DecisionsAtOrAbove(double threshold) => (int)Math.Round(AlertThreshold.ShareAtOrAbove(Sorted, threshold) * Sorted.Length);
}
