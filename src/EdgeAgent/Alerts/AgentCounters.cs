using EdgeLstm.Features.Windows;

namespace EdgeLstm.EdgeAgent.Alerts;

/// <summary>Counters the pipeline updates and the metrics topic reports; safe to update from any thread.</summary>
internal sealed class AgentCounters
{
    private long _packets;
    private long _windows;
    private long _queueDrops;
    private long _libpcapDrops;
    private long _malformed;
    private long _hostsTracked;
    private long _hostsEvicted;
    private long _hostsWithHistoryEvicted;
    private long _packetsAggregated;
    private long _packetsToOverflow;
    private long _addressesFiltered;

    /// <summary>Gets the packets seen since start.</summary>
    public long Packets => Interlocked.Read(ref _packets);

    /// <summary>Gets the feature windows scored since start.</summary>
    public long Windows => Interlocked.Read(ref _windows);

    /// <summary>Gets the packets the capture side dropped since start: libpcap's (buffer full, or dropped by the
    /// interface) and the windows a full queue refused.</summary>
    public long CaptureDrops => Interlocked.Read(ref _queueDrops) + Interlocked.Read(ref _libpcapDrops);

    /// <summary>Gets the input skipped as unreadable since start: packets the decoder could not decode, or flow log lines
    /// with an invalid field.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Gets the hosts currently tracked.</summary>
    public long HostsTracked => Interlocked.Read(ref _hostsTracked);

    /// <summary>Gets the idle hosts the feature extractor's host table evicted to admit new ones since start.</summary>
    public long HostsEvicted => Interlocked.Read(ref _hostsEvicted);

    /// <summary>Gets how many of those had been seen in two windows or more.</summary>
    public long HostsWithHistoryEvicted => Interlocked.Read(ref _hostsWithHistoryEvicted);

    /// <summary>Gets the packet ends credited to an aggregate (<c>untracked-&gt;HOST</c> or <c>untracked-&gt;*</c>) since start,
    /// because their host found no room in the host table.</summary>
    public long PacketsAggregated => Interlocked.Read(ref _packetsAggregated);

    /// <summary>Gets how many of those went to <c>untracked-&gt;*</c>.</summary>
    public long PacketsToOverflow => Interlocked.Read(ref _packetsToOverflow);

    /// <summary>Gets the packet ends not tracked since start because the address is multicast, broadcast, unspecified
    /// or in <c>Detection:IgnoreNetworks</c>.</summary>
    public long AddressesFiltered => Interlocked.Read(ref _addressesFiltered);

    /// <summary>Counts packets seen.</summary>
    /// <param name="count">How many.</param>
    public void AddPackets(long count) => Interlocked.Add(ref _packets, count);

    /// <summary>Counts windows scored.</summary>
    /// <param name="count">How many.</param>
    public void AddWindows(long count) => Interlocked.Add(ref _windows, count);

    /// <summary>Counts rows dropped because the queue to the scorer was full.</summary>
    /// <param name="count">How many.</param>
    public void AddCaptureDrops(long count) => Interlocked.Add(ref _queueDrops, count);

    /// <summary>Sets the packets libpcap reports dropped since the capture opened (its counters are cumulative).</summary>
    /// <param name="count">The current total.</param>
    public void SetLibpcapDrops(long count) => Interlocked.Exchange(ref _libpcapDrops, count);

    /// <summary>Sets the input skipped as unreadable since start (the source's counters are cumulative).</summary>
    /// <param name="count">The current total.</param>
    public void SetMalformed(long count) => Interlocked.Exchange(ref _malformed, count);

    /// <summary>Sets the number of hosts tracked.</summary>
    /// <param name="count">The current number.</param>
    public void SetHostsTracked(long count) => Interlocked.Exchange(ref _hostsTracked, count);

    /// <summary>Sets the host table's cumulative counts, read from the feature extractor.</summary>
    /// <param name="extractor">The extractor of the running capture.</param>
    public void SetHostTable(WindowFeatureExtractor extractor)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        Interlocked.Exchange(ref _hostsEvicted, extractor.HostsEvicted);
        Interlocked.Exchange(ref _hostsWithHistoryEvicted, extractor.HostsWithHistoryEvicted);
        Interlocked.Exchange(ref _packetsAggregated, extractor.PacketsAggregated);
        Interlocked.Exchange(ref _packetsToOverflow, extractor.PacketsToOverflow);
        Interlocked.Exchange(ref _addressesFiltered, extractor.AddressesFiltered);
    }
}
