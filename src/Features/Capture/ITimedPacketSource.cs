namespace EdgeLstm.Features.Capture;

/// <summary>A packet source that also returns when no packet arrived for a while, so that its reader can act on the
/// passing of time on a quiet link (a live capture, whose read timeout bounds the wait).</summary>
public interface ITimedPacketSource : IPacketSource
{
    /// <summary>Reads the next packet, or returns after the read timeout without one.</summary>
    /// <param name="packet">The packet read, when the method returns <see cref="PacketReadResult.Packet"/>.</param>
    /// <returns>Whether a packet was read, the wait timed out, or the source ended.</returns>
    PacketReadResult ReadPacket(out RawPacket packet);
}
