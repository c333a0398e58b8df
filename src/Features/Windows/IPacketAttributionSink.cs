using EdgeLstm.Features.Decoding;

namespace EdgeLstm.Features.Windows;

/// <summary>Receives, for every packet a <see cref="CaptureFeatureReader"/> reads, the entities whose windows the packet
/// was credited to, in input order (for per-packet scoring in benchmarks).</summary>
public interface IPacketAttributionSink
{
    /// <summary>Receives one packet's attribution.</summary>
    /// <param name="timestampNanoseconds">The time the extractor placed the packet at, in nanoseconds since the Unix epoch:
    /// its captured timestamp, or, for a packet out of order, its predecessor's (or the start of the next window after
    /// one closed by the wall clock), so the window holding this time is the window it was credited to. For a packet that
    /// did not decode, its captured timestamp.</param>
    /// <param name="source">The entity credited with sending it (a host or an aggregate), or <see langword="null"/> when
    /// the source was not tracked (no address, filtered, or the packet did not decode).</param>
    /// <param name="destination">The entity credited with receiving it, or <see langword="null"/> when the destination was
    /// not tracked (also for a packet from a host to itself, which counts once, as sent).</param>
    void OnPacket(long timestampNanoseconds, HostAddress? source, HostAddress? destination);
}
