namespace EdgeLstm.Features.Capture;

/// <summary>Supplies captured packets in capture order, from a file or a live interface.</summary>
/// <remarks>
/// A source is used from one thread. The span in a returned <see cref="RawPacket"/> points into the
/// source's own buffer and is valid only until the next call to <see cref="TryReadPacket"/>.
/// </remarks>
public interface IPacketSource : IDisposable
{
    /// <summary>Gets a short description of where packets come from (a file path or an interface name).</summary>
    string Name { get; }

    /// <summary>Reads the next packet.</summary>
    /// <param name="packet">The packet read, when the method returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> when a packet was read; <see langword="false"/> at the end of the source.</returns>
    /// <exception cref="CaptureFormatException">The source's data is corrupt.</exception>
    bool TryReadPacket(out RawPacket packet);
}
