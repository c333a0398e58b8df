namespace EdgeLstm.Features.Decoding;

/// <summary>Says whether a packet decoded, and if not, why it was skipped.</summary>
public enum DecodeStatus
{
    /// <summary>The packet decoded (possibly with a payload cut short by the snap length).</summary>
    Ok = 0,

    /// <summary>The capture's link type is not one the decoder knows.</summary>
    UnsupportedLinkType,

    /// <summary>The link-layer header (Ethernet, VLAN tags, SLL, loopback) is cut short.</summary>
    TruncatedLinkHeader,

    /// <summary>More VLAN tags than the decoder follows.</summary>
    TooManyVlanTags,

    /// <summary>The IPv4 header is cut short.</summary>
    TruncatedIPv4Header,

    /// <summary>The IPv4 header has a bad version, header length or total length.</summary>
    MalformedIPv4Header,

    /// <summary>The IPv6 header or one of its extension headers is cut short.</summary>
    TruncatedIPv6Header,

    /// <summary>The IPv6 header has a bad version, or its extension-header chain is invalid or too long.</summary>
    MalformedIPv6Header,

    /// <summary>The TCP header is cut short.</summary>
    TruncatedTcpHeader,

    /// <summary>The TCP data offset is below five words or beyond the IP payload.</summary>
    MalformedTcpHeader,

    /// <summary>The UDP header is cut short.</summary>
    TruncatedUdpHeader,

    /// <summary>The ICMP or ICMPv6 header is cut short.</summary>
    TruncatedIcmpHeader,

    /// <summary>The ARP packet is cut short.</summary>
    TruncatedArp,
}
