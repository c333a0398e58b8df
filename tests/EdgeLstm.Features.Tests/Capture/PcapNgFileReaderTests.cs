using EdgeLstm.Features.Capture;
using EdgeLstm.Features.Tests.TestSupport;

namespace EdgeLstm.Features.Tests.Capture;

public sealed class PcapNgFileReaderTests
{
    private const long Time = 1_650_000_000_123_456_789;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TryReadPacket_TwoInterfaces_UsesEachInterfacesLinkTypeAndResolution(bool bigEndian)
    {
        byte[] capture = CaptureWriter.PcapNg(
            [new(Time, new byte[61], InterfaceId: 0), new(Time, new byte[42], InterfaceId: 1, OriginalLength: 1500)],
            [(1, null), (113, 9)],
            bigEndian);
        using IPacketSource source = CaptureFile.Open(new MemoryStream(capture), "t.pcapng");

        Assert.True(source.TryReadPacket(out RawPacket first));
        Assert.Equal(LinkType.Ethernet, first.LinkType);
        Assert.Equal(Time - 789, first.TimestampNanoseconds);
        Assert.Equal(61, first.Data.Length);
        Assert.True(source.TryReadPacket(out RawPacket second));
        Assert.Equal(LinkType.LinuxSll, second.LinkType);
        Assert.Equal(Time, second.TimestampNanoseconds);
        Assert.Equal(1500, second.OriginalLength);
        Assert.False(source.TryReadPacket(out _));
    }

    [Fact]
    public void TryReadPacket_UnknownInterface_ThrowsWithOffset()
    {
        byte[] capture = CaptureWriter.PcapNg([new(Time, new byte[60], InterfaceId: 1)], [(1, null), (1, null)]);
        capture = capture.Take(28).Concat(capture.Skip(28 + 20)).ToArray();

        using IPacketSource source = CaptureFile.Open(new MemoryStream(capture), "t.pcapng");

        CaptureFormatException error = Assert.Throws<CaptureFormatException>(() => source.TryReadPacket(out _));
        Assert.Equal(48, error.Offset);
    }

    [Fact]
    public void TryReadPacket_HugeBlockLength_ThrowsWithoutAllocating()
    {
        byte[] capture = CaptureWriter.PcapNg([new(Time, new byte[60])], [(1, null)]);
        int packetBlock = 28 + 20;
        capture[packetBlock + 7] = 0x7F;
        using IPacketSource source = CaptureFile.Open(new MemoryStream(capture), "t.pcapng");

        long before = GC.GetAllocatedBytesForCurrentThread();
        CaptureFormatException error = Assert.Throws<CaptureFormatException>(() => source.TryReadPacket(out _));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
        Assert.Equal(packetBlock, error.Offset);
    }

    [SkippableTheory]
    [InlineData("pcapng")]
    [InlineData("nsecpcap")]
    public void TryReadPacket_EditcapConversion_MatchesPcapOriginal(string format)
    {
        string? path = SharedDatasets.Find("esnet-scan-pcaps/nmap_nmap_80_all.pcap");
        Skip.If(path is null, SharedDatasets.SkipMessage);
        Skip.IfNot(ExternalTool.Exists("editcap"), "editcap (wireshark-common) is not installed");
        string converted = Path.Combine(Path.GetTempPath(), $"edgelstm-{Guid.NewGuid():N}.{format}");
        try
        {
            ExternalTool.Run("editcap", "-F", format, path!, converted);
            using IPacketSource original = CaptureFile.Open(path!);
            using IPacketSource copy = CaptureFile.Open(converted);
            int count = 0;
            while (original.TryReadPacket(out RawPacket expected))
            {
                Assert.True(copy.TryReadPacket(out RawPacket actual));
                Assert.Equal(expected.TimestampNanoseconds, actual.TimestampNanoseconds);
                Assert.Equal(expected.OriginalLength, actual.OriginalLength);
                SequenceAssert.Equal(expected.Data, actual.Data, "packet data");
                count++;
            }

            Assert.False(copy.TryReadPacket(out _));
            Assert.Equal(431, count);
        }
        finally
        {
            File.Delete(converted);
        }
    }
}
