using EdgeLstm.Features.Windows;

namespace EdgeLstm.Features.Flows;

/// <summary>Defines the per-flow feature vector of flow-log sources (schema <c>edgelstm.flow</c>): one vector
/// per connection record, so that a host's flows, in time order, form a sequence for the model.</summary>
public static class FlowFeatures
{
    /// <summary>The schema name.</summary>
    public const string SchemaName = "edgelstm.flow";

    /// <summary>The schema version; incremented whenever a feature's definition changes.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Gets every feature's definition, in vector order.</summary>
    public static IReadOnlyList<FeatureDefinition> Definitions { get; } =
    [
        new("duration", "s", "Connection duration (0 when the log leaves it unset)."),
        new("orig_bytes", "bytes", "Payload bytes the originator sent."),
        new("resp_bytes", "bytes", "Payload bytes the responder sent."),
        new("orig_pkts", "packets", "Packets the originator sent."),
        new("resp_pkts", "packets", "Packets the responder sent."),
        new("orig_ip_bytes", "bytes", "IP-level bytes the originator sent."),
        new("resp_ip_bytes", "bytes", "IP-level bytes the responder sent."),
        new("proto_tcp", "flag", "1 when the transport is TCP."),
        new("proto_udp", "flag", "1 when the transport is UDP."),
        new("proto_icmp", "flag", "1 when the transport is ICMP or ICMPv6."),
        new("state_s0", "flag", "1 for Zeek state S0: attempt seen, no reply."),
        new("state_rej", "flag", "1 for Zeek state REJ: attempt rejected."),
        new("state_sf", "flag", "1 for Zeek state SF: normal establishment and termination."),
        new("state_reset", "flag", "1 for Zeek states RSTO, RSTR, RSTOS0, RSTRH: ended by a reset."),
        new("state_other", "flag", "1 for any other or missing state (S1, S2, S3, SH, SHR, OTH, ...)."),
        new("resp_port_system", "flag", "1 when the responder port is below 1024."),
        new("resp_port_registered", "flag", "1 when the responder port is 1024 to 49151."),
        new("resp_port_dynamic", "flag", "1 when the responder port is 49152 or above."),
        new("has_service", "flag", "1 when the log names an application protocol (Zeek service)."),
    ];

    /// <summary>Gets the number of features.</summary>
    public static int Count => Definitions.Count;

    /// <summary>Gets the schema (window zero: one vector per record).</summary>
    public static FeatureSchema Schema { get; } =
        new(SchemaName, SchemaVersion, Definitions.Select(d => d.Name).ToArray(), TimeSpan.Zero);

    /// <summary>Writes a record's features.</summary>
    /// <param name="record">The flow.</param>
    /// <param name="destination">Receives <see cref="Count"/> values.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Count"/>.</exception>
    public static void Write(FlowRecord record, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (destination.Length < Count)
        {
            throw new ArgumentException($"The destination must hold {Count} features.", nameof(destination));
        }

        destination[..Count].Clear();
        destination[0] = (float)(record.DurationSeconds ?? 0);
        destination[1] = record.OriginBytes ?? 0;
        destination[2] = record.ResponderBytes ?? 0;
        destination[3] = record.OriginPackets ?? 0;
        destination[4] = record.ResponderPackets ?? 0;
        destination[5] = record.OriginIPBytes ?? 0;
        destination[6] = record.ResponderIPBytes ?? 0;
        switch (record.Protocol)
        {
            case "tcp":
                destination[7] = 1;
                break;
            case "udp":
                destination[8] = 1;
                break;
            case "icmp" or "icmp6" or "ipv6-icmp":
                destination[9] = 1;
                break;
        }

        int state = record.ConnectionState switch
        {
            "S0" => 10,
            "REJ" => 11,
            "SF" => 12,
            "RSTO" or "RSTR" or "RSTOS0" or "RSTRH" => 13,
            _ => 14,
        };
        destination[state] = 1;
        destination[record.ResponderPort < 1024 ? 15 : record.ResponderPort < 49152 ? 16 : 17] = 1;
        destination[18] = record.Service.Length > 0 ? 1 : 0;
    }
}
