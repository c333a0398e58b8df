namespace EdgeLstm.Features.Windows;

/// <summary>Defines the per-host window features: their order, names, units and definitions.</summary>
/// <remarks>
/// "Out" counts packets the host sent, "in" packets it received. Sizes are frame lengths on the wire.
/// docs/features.md explains each feature; a test keeps it in step with this list.
/// </remarks>
public static class HostWindowFeatures
{
    /// <summary>The schema name.</summary>
    public const string SchemaName = "edgelstm.host-window";

    /// <summary>The schema version; incremented whenever a feature's definition changes.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The decay rates λ (per second) of the damped statistics, as in Kitsune's AfterImage.</summary>
    public static IReadOnlyList<double> DecayRates { get; } = [5.0, 3.0, 1.0, 0.1, 0.01];

    internal const int PacketsOut = 0;
    internal const int PacketsIn = 1;
    internal const int BytesOut = 2;
    internal const int BytesIn = 3;
    internal const int SizeMean = 4;
    internal const int SizeStd = 5;
    internal const int SizeMin = 6;
    internal const int SizeMax = 7;
    internal const int TcpSynOut = 8;
    internal const int TcpSynAckOut = 9;
    internal const int TcpFinOut = 10;
    internal const int TcpRstOut = 11;
    internal const int TcpPshOut = 12;
    internal const int TcpSynIn = 13;
    internal const int TcpSynAckIn = 14;
    internal const int TcpRstIn = 15;
    internal const int DistinctPeers = 16;
    internal const int DistinctRemotePortsOut = 17;
    internal const int DistinctLocalPortsIn = 18;
    internal const int FractionTcp = 19;
    internal const int FractionUdp = 20;
    internal const int FractionIcmp = 21;
    internal const int FractionArp = 22;
    internal const int FractionOther = 23;
    internal const int DnsQueriesOut = 24;
    internal const int IPFragments = 25;
    internal const int IcmpUnreachableIn = 26;
    internal const int UnansweredSynOut = 27;
    internal const int FailedConnections = 28;
    internal const int InterArrivalMean = 29;
    internal const int InterArrivalStd = 30;
    internal const int InterArrivalMin = 31;
    internal const int InterArrivalMax = 32;
    internal const int FirstDamped = 33;

    /// <summary>Gets every feature's definition, in vector order.</summary>
    public static IReadOnlyList<FeatureDefinition> Definitions { get; } = BuildDefinitions();

    /// <summary>Gets the number of features.</summary>
    public static int Count => Definitions.Count;

    /// <summary>Creates the schema for windows of the given length.</summary>
    /// <param name="window">The window length.</param>
    /// <returns>The schema.</returns>
    public static FeatureSchema CreateSchema(TimeSpan window) =>
        new(SchemaName, SchemaVersion, Definitions.Select(d => d.Name).ToArray(), window);

    private static FeatureDefinition[] BuildDefinitions()
    {
        var list = new List<FeatureDefinition>
        {
            new("pkts_out", "packets", "Packets the host sent in the window."),
            new("pkts_in", "packets", "Packets the host received in the window."),
            new("bytes_out", "bytes", "Wire bytes of the packets the host sent."),
            new("bytes_in", "bytes", "Wire bytes of the packets the host received."),
            new("size_mean", "bytes", "Mean wire length of the packets the host sent or received."),
            new("size_std", "bytes", "Population standard deviation of those lengths."),
            new("size_min", "bytes", "Smallest of those lengths."),
            new("size_max", "bytes", "Largest of those lengths."),
            new("tcp_syn_out", "packets", "TCP segments sent with SYN set and ACK clear (connection attempts)."),
            new("tcp_synack_out", "packets", "TCP segments sent with SYN and ACK set (connections accepted)."),
            new("tcp_fin_out", "packets", "TCP segments sent with FIN set."),
            new("tcp_rst_out", "packets", "TCP segments sent with RST set."),
            new("tcp_psh_out", "packets", "TCP segments sent with PSH set."),
            new("tcp_syn_in", "packets", "TCP segments received with SYN set and ACK clear."),
            new("tcp_synack_in", "packets", "TCP segments received with SYN and ACK set."),
            new("tcp_rst_in", "packets", "TCP segments received with RST set."),
            new("distinct_peers", "hosts", "Distinct addresses the host exchanged packets with (linear-counting estimate, 512-bit sketch, rounded)."),
            new("distinct_remote_ports_out", "ports", "Distinct TCP/UDP destination ports of the packets the host sent (estimate as above)."),
            new("distinct_local_ports_in", "ports", "Distinct TCP/UDP destination ports of the packets the host received (estimate as above)."),
            new("frac_tcp", "ratio", "Share of the host's packets that are TCP."),
            new("frac_udp", "ratio", "Share of the host's packets that are UDP."),
            new("frac_icmp", "ratio", "Share of the host's packets that are ICMP or ICMPv6."),
            new("frac_arp", "ratio", "Share of the host's packets that are ARP."),
            new("frac_other", "ratio", "Share of the host's packets that are none of the above (other IP protocols, later IP fragments)."),
            new("dns_queries_out", "questions", "Questions in the DNS queries (port 53 or 5353, QR clear) the host sent."),
            new("ip_fragments", "packets", "IP fragments (first or later) the host sent or received."),
            new("icmp_unreachable_in", "packets", "ICMP/ICMPv6 destination-unreachable messages the host received."),
            new("syn_unanswered_out", "packets", "max(0, tcp_syn_out - tcp_synack_in): connection attempts not answered within the window."),
            new("failed_connections", "count", "tcp_rst_in + icmp_unreachable_in + syn_unanswered_out."),
            new("iat_mean", "s", "Mean gap between consecutive packets of the host within the window (0 with fewer than two packets)."),
            new("iat_std", "s", "Population standard deviation of those gaps."),
            new("iat_min", "s", "Smallest of those gaps."),
            new("iat_max", "s", "Largest of those gaps."),
        };
        foreach (double rate in DecayRates)
        {
            string suffix = rate.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture).Replace('.', '_');
            list.Add(new($"damped_weight_l{suffix}", "packets", $"AfterImage weight of the host's packet stream with decay 2^(-{rate}·Δt), Δt in seconds, decayed to the window's end."));
            list.Add(new($"damped_size_mean_l{suffix}", "bytes", $"Damped mean wire length of the host's packets, decay rate {rate} per second."));
            list.Add(new($"damped_size_std_l{suffix}", "bytes", $"Damped standard deviation of those lengths, decay rate {rate} per second."));
        }

        return [.. list];
    }
}
