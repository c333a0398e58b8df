namespace EdgeLstm.Features.Capture;

/// <summary>Identifies the link-layer header of captured packets (the tcpdump.org LINKTYPE_ values).</summary>
public enum LinkType
{
    /// <summary>BSD loopback: a 4-byte address family in the capturing host's byte order.</summary>
    Null = 0,

    /// <summary>Ethernet II and IEEE 802.3, with optional 802.1Q / QinQ tags.</summary>
    Ethernet = 1,

    /// <summary>Raw IP as libpcap reports it live on most platforms (DLT_RAW).</summary>
    RawDlt = 12,

    /// <summary>Raw IPv4 or IPv6, the version taken from the first nibble.</summary>
    Raw = 101,

    /// <summary>OpenBSD loopback: a 4-byte address family in network byte order.</summary>
    Loop = 108,

    /// <summary>Linux cooked capture v1 (SLL), as captured on the "any" device.</summary>
    LinuxSll = 113,

    /// <summary>Raw IPv4 only.</summary>
    Ipv4 = 228,

    /// <summary>Raw IPv6 only.</summary>
    Ipv6 = 229,

    /// <summary>Linux cooked capture v2 (SLL2).</summary>
    LinuxSll2 = 276,
}
