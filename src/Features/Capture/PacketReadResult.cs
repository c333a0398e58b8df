namespace EdgeLstm.Features.Capture;

/// <summary>What <see cref="ITimedPacketSource.ReadPacket"/> found.</summary>
public enum PacketReadResult
{
    /// <summary>A packet was read.</summary>
    Packet,

    /// <summary>No packet arrived within the source's read timeout; reading again may find one.</summary>
    Timeout,

    /// <summary>The source has ended (or was cancelled).</summary>
    End,
}
