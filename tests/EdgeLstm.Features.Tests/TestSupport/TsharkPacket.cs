using System.Globalization;
using EdgeLstm.Features.Decoding;

namespace EdgeLstm.Features.Tests.TestSupport;

/// <summary>One packet as tshark dissects it: the outermost network and transport layers only.</summary>
internal sealed record TsharkPacket(int FrameLength, string Network, string Transport, string Source, string Destination, int SourcePort, int DestinationPort, int TcpFlags, int IcmpType)
{
    private static readonly string[] s_fields =
    [
        "frame.protocols", "frame.len", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", "arp.src.proto_ipv4", "arp.dst.proto_ipv4",
        "tcp.srcport", "tcp.dstport", "tcp.flags", "udp.srcport", "udp.dstport", "icmp.type", "icmpv6.type",
    ];

    public static List<TsharkPacket> ReadAll(string path)
    {
        var arguments = new List<string>
        {
            "-r", path, "-n",
            "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE", "-o", "tcp.desegment_tcp_streams:FALSE",
            "-T", "fields", "-E", "occurrence=f", "-E", "separator=/t",
        };
        foreach (string field in s_fields)
        {
            arguments.Add("-e");
            arguments.Add(field);
        }

        string text = ExternalTool.Run("tshark", [.. arguments]);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToList();
    }

    /// <summary>Returns null when the decoder agrees with tshark, else what differs.</summary>
    public string? Compare(DecodeStatus status, DecodedPacket packet)
    {
        if (status != DecodeStatus.Ok)
        {
            // tshark flags such packets as malformed but still names the layers it reached; only an
            // undissectable network layer counts as agreement.
            return Transport == "none" || Transport == "malformed" ? null : $"decoder said {status}, tshark saw {Network}/{Transport}";
        }

        string network = packet.Network switch
        {
            NetworkProtocol.IPv4 => "ip",
            NetworkProtocol.IPv6 => "ipv6",
            NetworkProtocol.Arp => "arp",
            _ => "other",
        };
        string transport = packet.Transport switch
        {
            TransportProtocol.Tcp => "tcp",
            TransportProtocol.Udp => "udp",
            TransportProtocol.Icmp => "icmp",
            TransportProtocol.Icmpv6 => "icmpv6",
            _ => "none",
        };
        if (packet.WireLength != FrameLength)
        {
            return $"length {packet.WireLength} vs {FrameLength}";
        }

        if (network != Network || transport != Transport)
        {
            return $"layers {network}/{transport} vs {Network}/{Transport}";
        }

        if (packet.HasAddresses && (packet.Source.ToString() != Source || packet.Destination.ToString() != Destination))
        {
            return $"addresses {packet.Source}>{packet.Destination} vs {Source}>{Destination}";
        }

        if (SourcePort != packet.SourcePort || DestinationPort != packet.DestinationPort)
        {
            return $"ports {packet.SourcePort}>{packet.DestinationPort} vs {SourcePort}>{DestinationPort}";
        }

        if (TcpFlags != (int)packet.TcpFlags)
        {
            return $"tcp flags 0x{(int)packet.TcpFlags:X2} vs 0x{TcpFlags:X2}";
        }

        bool isIcmp = packet.Transport is TransportProtocol.Icmp or TransportProtocol.Icmpv6;
        return isIcmp && IcmpType != packet.IcmpType ? $"icmp type {packet.IcmpType} vs {IcmpType}" : null;
    }

    private static TsharkPacket Parse(string line)
    {
        string[] f = line.TrimEnd('\r').Split('\t');
        string Field(int i) => i < f.Length ? f[i] : string.Empty;
        int Number(int i) => Field(i).Length == 0
            ? 0
            : Field(i).StartsWith("0x", StringComparison.Ordinal)
                ? int.Parse(Field(i).AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                : int.Parse(Field(i), CultureInfo.InvariantCulture);

        string[] layers = Field(0).Split(':');
        int networkIndex = Array.FindIndex(layers, l => l is "ip" or "ipv6" or "arp");
        string network = networkIndex < 0 ? "other" : layers[networkIndex];
        string transport = "none";
        if (networkIndex >= 0 && network != "arp")
        {
            // The first transport after the outer IP layer; IPv6 extension headers appear as "ipv6.hopopts" etc.
            string? next = layers.Skip(networkIndex + 1).FirstOrDefault(l => !l.StartsWith("ipv6.", StringComparison.Ordinal));
            transport = next switch
            {
                "tcp" or "udp" or "icmp" or "icmpv6" => next,
                "_ws.malformed" => "malformed",
                _ => "none",
            };
        }

        (string source, string destination) = network switch
        {
            "ip" => (Field(2), Field(3)),
            "ipv6" => (Field(4), Field(5)),
            "arp" => (Field(6), Field(7)),
            _ => (string.Empty, string.Empty),
        };
        return transport switch
        {
            "tcp" => new(Number(1), network, transport, source, destination, Number(8), Number(9), Number(10) & 0xFF, 0),
            "udp" => new(Number(1), network, transport, source, destination, Number(11), Number(12), 0, 0),
            "icmp" => new(Number(1), network, transport, source, destination, 0, 0, 0, Number(13)),
            "icmpv6" => new(Number(1), network, transport, source, destination, 0, 0, 0, Number(14)),
            _ => new(Number(1), network, transport, source, destination, 0, 0, 0, 0),
        };
    }
}
