namespace EdgeLstm.EdgeAgent.Alerts;

/// <summary>The periodic message on the metrics topic.</summary>
/// <param name="Time">When the metrics were sampled.</param>
/// <param name="PacketsPerSecond">Packets seen per second over the last interval.</param>
/// <param name="WindowsPerSecond">Feature windows scored per second over the last interval.</param>
/// <param name="Drops">Packets dropped by the capture side since start.</param>
/// <param name="Malformed">Packets or flow log lines skipped as unreadable since start.</param>
/// <param name="HostsTracked">Hosts currently tracked.</param>
/// <param name="OutboxDepth">Alerts awaiting the broker's acknowledgement.</param>
/// <param name="OutboxDropped">Alerts dropped from the full outbox since start.</param>
/// <param name="Alerts">Alerts raised (stored in the outbox) since start.</param>
/// <param name="CpuTemperatureCelsius">The CPU temperature, or null where the board has no sensor.</param>
internal sealed record MetricsMessage(
    DateTimeOffset Time,
    double PacketsPerSecond,
    double WindowsPerSecond,
    long Drops,
    long Malformed,
    long HostsTracked,
    int OutboxDepth,
    long OutboxDropped,
    long Alerts,
    double? CpuTemperatureCelsius);
