namespace EdgeLstm.Features.Decoding;

/// <summary>Names the transport-layer protocol of a decoded packet.</summary>
public enum TransportProtocol : byte
{
    /// <summary>No transport header: not IP, or an IP fragment other than the first.</summary>
    None = 0,

    /// <summary>TCP.</summary>
    Tcp = 1,

    /// <summary>UDP.</summary>
    Udp = 2,

    /// <summary>ICMP for IPv4.</summary>
    Icmp = 3,

    /// <summary>ICMPv6.</summary>
    Icmpv6 = 4,

    /// <summary>Any other IP protocol (GRE, ESP, SCTP, ...).</summary>
    Other = 5,
}
