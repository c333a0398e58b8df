namespace EdgeLstm.Features.Decoding;

/// <summary>Names the network-layer protocol of a decoded packet.</summary>
public enum NetworkProtocol : byte
{
    /// <summary>No network layer was decoded.</summary>
    None = 0,

    /// <summary>IPv4.</summary>
    IPv4 = 1,

    /// <summary>IPv6.</summary>
    IPv6 = 2,

    /// <summary>ARP.</summary>
    Arp = 3,

    /// <summary>Any other EtherType (LLDP, EAPOL, 802.3 LLC, ...).</summary>
    Other = 4,
}
