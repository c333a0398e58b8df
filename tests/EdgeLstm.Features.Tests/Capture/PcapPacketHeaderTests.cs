using System.Buffers.Binary;
using EdgeLstm.Features.Capture;

namespace EdgeLstm.Features.Tests.Capture;

public sealed class PcapPacketHeaderTests
{
    [Fact]
    public void DetectFieldSize_ThirtyTwoBitTimeLayout_IsFour()
    {
        byte[] header = Header(fieldSize: 4, seconds: 1_700_000_000, fraction: 999_999, captured: 60, original: 1514);
        Assert.Equal(4, PcapPacketHeader.DetectFieldSize(header, 262_144));
        Assert.Equal((1_700_000_000L, 999_999L, 60, 1514), PcapPacketHeader.Read(header, 4));
    }

    [Fact]
    public void DetectFieldSize_SixtyFourBitTimeLayout_IsEight()
    {
        // Debian 13's t64 armhf libpcap: read as 4-byte fields, caplen is the microseconds and len their zero upper half.
        byte[] header = Header(fieldSize: 8, seconds: 1_700_000_000, fraction: 123_456, captured: 1514, original: 1514);
        Assert.Equal(8, PcapPacketHeader.DetectFieldSize(header, 262_144));
        Assert.Equal((1_700_000_000L, 123_456L, 1514, 1514), PcapPacketHeader.Read(header, 8));
    }

    [Fact]
    public void DetectFieldSize_NeitherLayoutPlausible_Throws()
    {
        var header = new byte[PcapPacketHeader.MaxSize];
        LiveCaptureException error = Assert.Throws<LiveCaptureException>(() => PcapPacketHeader.DetectFieldSize(header, 262_144));
        Assert.Contains("time_t", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Header(int fieldSize, long seconds, long fraction, int captured, int original)
    {
        var bytes = new byte[PcapPacketHeader.MaxSize];
        if (fieldSize == 8)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes, seconds);
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), fraction);
        }
        else
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes, (int)seconds);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), (int)fraction);
        }

        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2 * fieldSize), captured);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan((2 * fieldSize) + 4), original);
        return bytes;
    }
}
