namespace EdgeLstm.Features.Decoding;

/// <summary>Holds the header fields of one packet that the features need; a small value, so decoding allocates nothing.</summary>
/// <remarks>For ARP the addresses are the sender and target protocol (IPv4) addresses.</remarks>
public struct DecodedPacket
{
    /// <summary>Gets or sets the capture time in nanoseconds since the Unix epoch.</summary>
    public long TimestampNanoseconds { get; set; }

    /// <summary>Gets or sets the frame's length on the wire, in bytes.</summary>
    public int WireLength { get; set; }

    /// <summary>Gets or sets the network-layer protocol.</summary>
    public NetworkProtocol Network { get; set; }

    /// <summary>Gets or sets the transport-layer protocol.</summary>
    public TransportProtocol Transport { get; set; }

    /// <summary>Gets or sets the IP protocol number (IPv6: the last next-header value), or 0 when not IP.</summary>
    public byte IPProtocol { get; set; }

    /// <summary>Gets or sets the source address; default when the packet has none.</summary>
    public HostAddress Source { get; set; }

    /// <summary>Gets or sets the destination address; default when the packet has none.</summary>
    public HostAddress Destination { get; set; }

    /// <summary>Gets or sets a value indicating whether <see cref="Source"/> and <see cref="Destination"/> are set.</summary>
    public bool HasAddresses { get; set; }

    /// <summary>Gets or sets the IP datagram's length from its header (IPv6: 40 + payload length), or 0.</summary>
    public int IPLength { get; set; }

    /// <summary>Gets or sets the IPv4 TTL or IPv6 hop limit.</summary>
    public byte HopLimit { get; set; }

    /// <summary>Gets or sets a value indicating whether the datagram is an IP fragment (first or later).</summary>
    public bool IsFragment { get; set; }

    /// <summary>Gets or sets the TCP or UDP source port, or 0.</summary>
    public ushort SourcePort { get; set; }

    /// <summary>Gets or sets the TCP or UDP destination port, or 0.</summary>
    public ushort DestinationPort { get; set; }

    /// <summary>Gets or sets the TCP flags.</summary>
    public TcpControlBits TcpFlags { get; set; }

    /// <summary>Gets or sets the transport payload's length from the headers (not what was captured), in bytes.</summary>
    public int PayloadLength { get; set; }

    /// <summary>Gets or sets the ICMP or ICMPv6 type.</summary>
    public byte IcmpType { get; set; }

    /// <summary>Gets or sets the ICMP or ICMPv6 code.</summary>
    public byte IcmpCode { get; set; }

    /// <summary>Gets or sets the ARP operation (1 request, 2 reply), or 0.</summary>
    public ushort ArpOperation { get; set; }

    /// <summary>Gets or sets the number of questions of a DNS query (QR bit clear) on port 53 or 5353, else 0.</summary>
    public ushort DnsQueryCount { get; set; }

    /// <summary>Gets or sets the outermost 802.1Q VLAN identifier, or 0.</summary>
    public ushort VlanId { get; set; }

    /// <summary>Gets a value indicating whether this is an ICMP or ICMPv6 destination-unreachable message.</summary>
    public readonly bool IsDestinationUnreachable =>
        (Transport == TransportProtocol.Icmp && IcmpType == 3) || (Transport == TransportProtocol.Icmpv6 && IcmpType == 1);
}
