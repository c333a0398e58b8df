using EdgeLstm.EdgeAgent.Alerts;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Decides when a host's scores become an alert: k of its last n windows above the threshold, or at once when
/// one window scores at least a multiple of the threshold, then a cooldown; the severity grows with how far the score is
/// above the threshold.</summary>
/// <remarks>The k-of-n rule keeps a lone benign outlier from alerting; the immediate rule keeps an attack of a single
/// window (a burst, or the first second of a flood) from waiting for a second one.</remarks>
internal sealed class AlertPolicy
{
    private readonly int _k;
    private readonly int _n;
    private readonly double _immediateMultiple;
    private readonly TimeSpan _cooldown;

    /// <summary>Initializes a policy.</summary>
    /// <param name="anomalousWindows">k: the windows among the last n at or above the threshold that raise an alert.</param>
    /// <param name="ofWindows">n, at most 64.</param>
    /// <param name="immediateMultiple">The multiple of the threshold at which one window alerts at once; 0 for never.</param>
    /// <param name="cooldown">How long after an alert the same host raises no new one.</param>
    /// <exception cref="ArgumentOutOfRangeException">k is below 1 or above n, n above 64, or the multiple is negative, not finite or in (0, 1).</exception>
    public AlertPolicy(int anomalousWindows, int ofWindows, double immediateMultiple, TimeSpan cooldown)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(anomalousWindows, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(anomalousWindows, ofWindows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ofWindows, 64);
        if (!double.IsFinite(immediateMultiple) || immediateMultiple < 0 || immediateMultiple is > 0 and < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(immediateMultiple), immediateMultiple, "The immediate multiple must be 0 (off) or at least 1.");
        }

        _k = anomalousWindows;
        _n = ofWindows;
        _immediateMultiple = immediateMultiple;
        _cooldown = cooldown;
    }

    /// <summary>Initializes the policy the options describe.</summary>
    public AlertPolicy(DetectionOptions options)
        : this(options.AnomalousWindows, options.OfWindows, options.ImmediateMultiple, TimeSpan.FromSeconds(options.CooldownSeconds))
    {
    }

    /// <summary>Records one scored window of a host and returns whether it raises an alert.</summary>
    /// <param name="state">The host's policy state, updated.</param>
    /// <param name="score">The window's anomaly score.</param>
    /// <param name="threshold">The alert threshold; the window is anomalous when the score is at or above it.</param>
    /// <param name="time">The window's time.</param>
    public bool Observe(ref PolicyState state, double score, double threshold, DateTimeOffset time)
    {
        bool anomalous = score >= threshold;
        bool immediate = _immediateMultiple > 0 && score >= _immediateMultiple * threshold;

        // The last n decisions are the low n bits of a shift register.
        ulong mask = _n == 64 ? ulong.MaxValue : (1UL << _n) - 1;
        state.Recent = ((state.Recent << 1) | (anomalous ? 1UL : 0UL)) & mask;
        state.Observed = Math.Min(state.Observed + 1, _n);
        if (!anomalous || (!immediate && ulong.PopCount(state.Recent) < (ulong)_k))
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
