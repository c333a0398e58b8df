namespace EdgeLstm.EdgeAgent.Systemd;

/// <summary>The registry of the pipeline's loops (detection, delivery) the watchdog asks before each WATCHDOG=1.</summary>
/// <remarks>
/// A loop registers a <see cref="LivenessProbe"/>, ticks it for each unit of work, and says how to see whether work
/// waits for it. A loop is stalled when work has waited for longer than its stall timeout without a tick; an idle loop
/// (nothing waiting) is alive however long it sleeps. A loop that ended with an error is dead for good.
/// </remarks>
internal sealed class PipelineLiveness
{
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly List<LivenessProbe> _probes = [];

    /// <summary>Initializes a new instance of the <see cref="PipelineLiveness"/> class.</summary>
    /// <param name="timeProvider">The clock.</param>
    public PipelineLiveness(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
    }

    /// <summary>Registers a loop.</summary>
    /// <param name="name">The loop's name, for the log.</param>
    /// <param name="stallTimeout">How long waiting work may go without a tick.</param>
    /// <param name="hasBacklog">Whether work waits for the loop now (its input queue is not empty).</param>
    /// <returns>The probe; <see cref="LivenessProbe.Complete"/> unregisters a loop that ended normally.</returns>
    public LivenessProbe Register(string name, TimeSpan stallTimeout, Func<bool> hasBacklog)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(hasBacklog);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(stallTimeout, TimeSpan.Zero);
        var probe = new LivenessProbe(this, name, stallTimeout, hasBacklog, _time);
        lock (_lock)
        {
            _probes.Add(probe);
        }

        return probe;
    }

    /// <summary>Checks every registered loop.</summary>
    /// <param name="reason">Which loop is stalled or dead and why; null when all are alive.</param>
    /// <returns><see langword="true"/> when every loop is alive.</returns>
    public bool Check(out string? reason)
    {
        lock (_lock)
        {
            foreach (LivenessProbe probe in _probes)
            {
                if (!probe.Check(out reason))
                {
                    return false;
                }
            }
        }

        reason = null;
        return true;
    }

    /// <summary>Removes a probe whose loop ended normally.</summary>
    /// <param name="probe">The probe.</param>
    internal void Unregister(LivenessProbe probe)
    {
        lock (_lock)
        {
            _ = _probes.Remove(probe);
        }
    }
}
