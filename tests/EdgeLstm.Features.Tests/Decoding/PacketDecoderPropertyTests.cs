using CsCheck;
using EdgeLstm.Features.Capture;
using EdgeLstm.Features.Decoding;
using EdgeLstm.Features.Tests.TestSupport;

namespace EdgeLstm.Features.Tests.Decoding;

/// <summary>Property tests: the decoder returns a status for any bytes (it documents no exception), and the capture
/// readers raise only <see cref="CaptureFormatException"/> on any bytes behind a valid magic number.</summary>
public sealed class PacketDecoderPropertyTests
{
    private static readonly LinkType[] s_linkTypes = Enum.GetValues<LinkType>();

    // Valid frames of each kind the decoder parses, so that a mutation reaches the inner headers too.
    private static readonly byte[][] s_frames =
    [
        FrameBuilder.Udp("10.0.0.1", "10.0.0.2", 1000, 53, FrameBuilder.DnsQuery(1)),
        FrameBuilder.Tcp("10.0.0.1", "10.0.0.2", 40000, 443, 0x12, payload: 20),
        FrameBuilder.Icmp("10.0.0.1", "10.0.0.2", 8, 0),
        FrameBuilder.Ethernet(0x86DD, FrameBuilder.IPv6("fd00::1", "fd00::2", 17, FrameBuilder.UdpHeader(1000, 2000, [1, 2, 3]))),
    ];

    [Fact]
    public void DecodeFrame_ArbitraryBytesOnEveryLinkType_ReturnsADefinedStatusWithoutThrowing()
    {
        Gen.Select(Gen.OneOf(s_linkTypes), Gen.Byte.Array[0, 128], Gen.Int[0, 65_535])
            .Sample((linkType, frame, wireLength) =>
            {
                DecodeStatus status = PacketDecoder.DecodeFrame(linkType, frame, 7, wireLength, out DecodedPacket packet);

                Assert.True(Enum.IsDefined(status), $"status {status}");
                Assert.Equal(7, packet.TimestampNanoseconds);
            }, iter: 20_000, threads: 1);
    }

    [Fact]
    public void DecodeFrame_ValidFrameWithBytesOverwrittenOrCut_ReturnsADefinedStatusWithoutThrowing()
    {
        Gen.Select(Gen.Int[0, s_frames.Length - 1], Gen.Int[0, 100], Gen.Byte.Array[0, 24], Gen.Int[0, 120])
            .Sample((which, offset, patch, keep) =>
            {
                byte[] frame = (byte[])s_frames[which].Clone();
                int at = Math.Min(offset, frame.Length);
                patch.AsSpan(0, Math.Min(patch.Length, frame.Length - at)).CopyTo(frame.AsSpan(at));
                ReadOnlySpan<byte> cut = frame.AsSpan(0, Math.Min(keep, frame.Length));

                DecodeStatus status = PacketDecoder.DecodeFrame(LinkType.Ethernet, cut, 1, frame.Length, out _);

                Assert.True(Enum.IsDefined(status), $"status {status}");
            }, iter: 20_000, threads: 1);
    }

    [Fact]
    public void Open_ArbitraryBytesAfterACaptureMagic_ThrowsOnlyCaptureFormatException()
    {
        byte[][] magics = [[0xD4, 0xC3, 0xB2, 0xA1], [0xA1, 0xB2, 0xC3, 0xD4], [0x4D, 0x3C, 0xB2, 0xA1], [0x0A, 0x0D, 0x0D, 0x0A]];
        Gen.Select(Gen.Int[0, magics.Length - 1], Gen.Byte.Array[0, 300])
            .Sample((which, rest) =>
            {
                byte[] file = [.. magics[which], .. rest];
                try
                {
                    using IPacketSource source = CaptureFile.Open(new MemoryStream(file), "generated");
                    int read = 0;
                    while (source.TryReadPacket(out _))
                    {
                        Assert.True(++read <= file.Length / 16, "a reader returned more packets than the bytes can hold");
                    }
                }
                catch (CaptureFormatException exception)
                {
                    Assert.StartsWith("generated", exception.Message, StringComparison.Ordinal);
                }
            }, iter: 10_000, threads: 1);
    }
}
