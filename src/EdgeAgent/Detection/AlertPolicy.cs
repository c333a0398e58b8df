using EdgeLstm.EdgeAgent.Alerts;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Decides when a host's scores become an alert: k of its last n windows above the threshold, then a
/// cooldown; the severity grows with how far the score is above the threshold.</summary>
internal sealed class AlertPolicy
{
    private readonly int _k;
    private readonly int _n;
    private readonly TimeSpan _cooldown;

    /// <summary>Initializes a policy.</summary>
    public AlertPolicy(int anomalousWindows, int ofWindows, TimeSpan cooldown)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(anomalousWindows, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(anomalousWindows, ofWindows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ofWindows, 64);
        _k = anomalousWindows;
        _n = ofWindows;
        _cooldown = cooldown;
    }

    /// <summary>Records one scored window of a host and returns whether it raises an alert.</summary>
    /// <param name="state">The host's policy state, updated.</param>
    /// <param name="anomalous">Whether the window scored at or above the threshold.</param>
    /// <param name="time">The window's time.</param>
    public bool Observe(ref PolicyState state, bool anomalous, DateTimeOffset time)
    {
        // The last n decisions are the low n bits of a shift register.
        ulong mask = _n == 64 ? ulong.MaxValue : (1UL << _n) - 1;
        state.Recent = ((state.Recent << 1) | (anomalous ? 1UL : 0UL)) & mask;
        state.Observed = Math.Min(state.Observed + 1, _n);
        if (!anomalous || ulong.PopCount(state.Recent) < (ulong)_k)
        {
            return false;
        }

        if (state.LastAlert is DateTimeOffset last && time - last < _cooldown)
        {
            return false;
        }

        state.LastAlert = time;
        return true;
    }

    /// <summary>Returns the number of anomalous windows among the last n.</summary>
    public static int AnomalousCount(in PolicyState state) => (int)ulong.PopCount(state.Recent);

    /// <summary>Maps a score to a severity: below 2× the threshold low, below 4× medium, below 10× high, else critical.</summary>
    public static AlertSeverity Severity(double score, double threshold)
    {
        double ratio = threshold > 0 ? score / threshold : double.PositiveInfinity;
        return ratio switch
        {
            < 2 => AlertSeverity.Low,
            < 4 => AlertSeverity.Medium,
            < 10 => AlertSeverity.High,
            _ => AlertSeverity.Critical,
        };
    }
}

/// <summary>Holds one host's alert-policy state.</summary>
internal struct PolicyState
{
    /// <summary>The last decisions, newest in bit 0.</summary>
    public ulong Recent;

    /// <summary>The number of decisions seen, up to n.</summary>
    public int Observed;

    /// <summary>When the host last raised an alert.</summary>
    public DateTimeOffset? LastAlert;
}
