namespace EdgeLstm.EdgeAgent.Alerts;

/// <summary>The periodic message on the metrics topic.</summary>
/// <param name="Time">When the metrics were sampled.</param>
/// <param name="PacketsPerSecond">Packets seen per second over the last interval.</param>
/// <param name="WindowsPerSecond">Feature windows scored per second over the last interval.</param>
/// <param name="Drops">Packets dropped by the capture side since start.</param>
/// <param name="Malformed">Packets or flow log lines skipped as unreadable since start.</param>
/// <param name="HostsTracked">Hosts currently tracked.</param>
/// <param name="HostsEvicted">Idle hosts the host table evicted to admit new ones since start.</param>
/// <param name="HostsWithHistoryEvicted">How many of those had been seen in two windows or more.</param>
/// <param name="Aggregated">Packet ends credited to an aggregate entity (untracked-&gt;HOST, untracked-&gt;*) since start.</param>
/// <param name="AggregatedToOverflow">How many of those went to untracked-&gt;*.</param>
/// <param name="Filtered">Packet ends not tracked since start: multicast, broadcast, unspecified or ignored addresses.</param>
/// <param name="OutboxDepth">Alerts awaiting the broker's acknowledgement.</param>
/// <param name="OutboxDropped">Alerts dropped from the full outbox since start.</param>
/// <param name="Alerts">Alerts raised (stored in the outbox) since start.</param>
/// <param name="CpuTemperatureCelsius">The CPU temperature, or null where the board has no sensor.</param>
/// <param name="OutboxInMemory">Alerts held only in memory because the outbox journal cannot be written (0 normally).</param>
/// <param name="OutboxCorruptRegions">Damaged stretches cut from the outbox journal when the agent started.</param>
internal sealed record MetricsMessage(
    DateTimeOffset Time,
    double PacketsPerSecond,
    double WindowsPerSecond,
    long Drops,
    long Malformed,
    long HostsTracked,
    long HostsEvicted,
    long HostsWithHistoryEvicted,
    long Aggregated,
    long AggregatedToOverflow,
    long Filtered,
    int OutboxDepth,
    long OutboxDropped,
    long Alerts,
    double? CpuTemperatureCelsius,
    int OutboxInMemory = 0,
    long OutboxCorruptRegions = 0);
