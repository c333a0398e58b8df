using EdgeLstm.Features.Decoding;

namespace EdgeLstm.Features.Flows;

/// <summary>Holds one connection summary from a flow log (Zeek conn.log or a flow CSV). Counters a log leaves
/// unset are <see langword="null"/>.</summary>
public sealed record FlowRecord
{
    /// <summary>Gets the connection's start, in nanoseconds since the Unix epoch.</summary>
    public required long TimestampNanoseconds { get; init; }

    /// <summary>Gets the log's connection identifier, or an empty string.</summary>
    public string Uid { get; init; } = string.Empty;

    /// <summary>Gets the originating host (Zeek id.orig_h).</summary>
    public required HostAddress OriginHost { get; init; }

    /// <summary>Gets the originator's port (for ICMP, Zeek stores the type here).</summary>
    public ushort OriginPort { get; init; }

    /// <summary>Gets the responding host (Zeek id.resp_h).</summary>
    public required HostAddress ResponderHost { get; init; }

    /// <summary>Gets the responder's port (for ICMP, Zeek stores the code here).</summary>
    public ushort ResponderPort { get; init; }

    /// <summary>Gets the transport protocol in lower case (<c>tcp</c>, <c>udp</c>, <c>icmp</c>, ...).</summary>
    public string Protocol { get; init; } = string.Empty;

    /// <summary>Gets the application protocol Zeek recognised, or an empty string.</summary>
    public string Service { get; init; } = string.Empty;

    /// <summary>Gets the connection's duration in seconds.</summary>
    public double? DurationSeconds { get; init; }

    /// <summary>Gets the payload bytes the originator sent.</summary>
    public long? OriginBytes { get; init; }

    /// <summary>Gets the payload bytes the responder sent.</summary>
    public long? ResponderBytes { get; init; }

    /// <summary>Gets Zeek's connection state (S0, SF, REJ, ...), or an empty string.</summary>
    public string ConnectionState { get; init; } = string.Empty;

    /// <summary>Gets Zeek's history string, or an empty string.</summary>
    public string History { get; init; } = string.Empty;

    /// <summary>Gets the packets the originator sent.</summary>
    public long? OriginPackets { get; init; }

    /// <summary>Gets the IP-level bytes the originator sent.</summary>
    public long? OriginIPBytes { get; init; }

    /// <summary>Gets the packets the responder sent.</summary>
    public long? ResponderPackets { get; init; }

    /// <summary>Gets the IP-level bytes the responder sent.</summary>
    public long? ResponderIPBytes { get; init; }

    /// <summary>Gets the dataset's label (IoT-23: <c>benign</c> or <c>Malicious</c>), or an empty string.</summary>
    public string Label { get; init; } = string.Empty;

    /// <summary>Gets the dataset's detailed label (IoT-23: <c>PartOfAHorizontalPortScan</c>, ...), or an empty string.</summary>
    public string DetailedLabel { get; init; } = string.Empty;
}
