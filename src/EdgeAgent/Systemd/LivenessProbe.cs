namespace EdgeLstm.EdgeAgent.Systemd;

/// <summary>One loop's entry in the <see cref="PipelineLiveness"/> registry: ticked by the loop, read by the watchdog.</summary>
internal sealed class LivenessProbe
{
    private readonly PipelineLiveness _owner;
    private readonly TimeSpan _stallTimeout;
    private readonly Func<bool> _hasBacklog;
    private readonly TimeProvider _time;
    private long _lastProgress;
    private volatile string? _failure;

    /// <summary>Initializes a new instance of the <see cref="LivenessProbe"/> class; call <see cref="PipelineLiveness.Register"/>.</summary>
    internal LivenessProbe(PipelineLiveness owner, string name, TimeSpan stallTimeout, Func<bool> hasBacklog, TimeProvider time)
    {
        _owner = owner;
        Name = name;
        _stallTimeout = stallTimeout;
        _hasBacklog = hasBacklog;
        _time = time;
        _lastProgress = time.GetTimestamp();
    }

    /// <summary>Gets the loop's name.</summary>
    public string Name { get; }

    /// <summary>Records progress: the loop finished a unit of work.</summary>
    public void Tick() => Interlocked.Exchange(ref _lastProgress, _time.GetTimestamp());

    /// <summary>Marks the loop dead: it ended with an error and will do no more work.</summary>
    /// <param name="reason">Why.</param>
    public void Fail(string reason) => _failure = reason;

    /// <summary>Unregisters a loop that ended normally (a finished replay). A loop that ends with an error calls
    /// <see cref="Fail"/> instead, or simply stops ticking while its work piles up.</summary>
    public void Complete() => _owner.Unregister(this);

    /// <summary>Checks the loop.</summary>
    /// <param name="reason">Why the loop is not alive; null when it is.</param>
    /// <returns><see langword="true"/> when the loop is idle or made progress within its stall timeout.</returns>
    internal bool Check(out string? reason)
    {
        if (_failure is { } failure)
        {
            reason = $"the {Name} loop ended: {failure}";
            return false;
        }

        if (!_hasBacklog())
        {
            // Idle counts as progress, so work that arrives after a long quiet spell gets the full timeout.
            Tick();
            reason = null;
            return true;
        }

        TimeSpan since = _time.GetElapsedTime(Interlocked.Read(ref _lastProgress));
        if (since > _stallTimeout)
        {
            reason = $"the {Name} loop has work waiting and made no progress for {since.TotalSeconds:F0} s";
            return false;
        }

        reason = null;
        return true;
    }
}
