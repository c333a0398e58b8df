namespace EdgeLstm.EdgeAgent.Alerts;

/// <summary>Counters the pipeline updates and the metrics topic reports; safe to update from any thread.</summary>
internal sealed class AgentCounters
{
    private long _packets;
    private long _windows;
    private long _captureDrops;
    private long _hostsTracked;

    /// <summary>Gets the packets seen since start.</summary>
    public long Packets => Interlocked.Read(ref _packets);

    /// <summary>Gets the feature windows scored since start.</summary>
    public long Windows => Interlocked.Read(ref _windows);

    /// <summary>Gets the packets the capture side dropped since start.</summary>
    public long CaptureDrops => Interlocked.Read(ref _captureDrops);

    /// <summary>Gets the hosts currently tracked.</summary>
    public long HostsTracked => Interlocked.Read(ref _hostsTracked);

    /// <summary>Counts packets seen.</summary>
    /// <param name="count">How many.</param>
    public void AddPackets(long count) => Interlocked.Add(ref _packets, count);

    /// <summary>Counts windows scored.</summary>
    /// <param name="count">How many.</param>
    public void AddWindows(long count) => Interlocked.Add(ref _windows, count);

    /// <summary>Counts packets dropped by the capture side.</summary>
    /// <param name="count">How many.</param>
    public void AddCaptureDrops(long count) => Interlocked.Add(ref _captureDrops, count);

    /// <summary>Sets the number of hosts tracked.</summary>
    /// <param name="count">The current number.</param>
    public void SetHostsTracked(long count) => Interlocked.Exchange(ref _hostsTracked, count);
}
