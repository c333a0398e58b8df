namespace EdgeLstm.Features.Decoding;

/// <summary>The eight TCP header flags, with their bit values in the header's flags byte.</summary>
[Flags]
public enum TcpControlBits : byte
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>FIN: no more data from the sender.</summary>
    Fin = 0x01,

    /// <summary>SYN: synchronise sequence numbers (connection attempt).</summary>
    Syn = 0x02,

    /// <summary>RST: reset the connection.</summary>
    Rst = 0x04,

    /// <summary>PSH: push buffered data.</summary>
    Psh = 0x08,

    /// <summary>ACK: the acknowledgment field is significant.</summary>
    Ack = 0x10,

    /// <summary>URG: the urgent pointer is significant.</summary>
    Urg = 0x20,

    /// <summary>ECE: ECN echo.</summary>
    Ece = 0x40,

    /// <summary>CWR: congestion window reduced.</summary>
    Cwr = 0x80,
}
