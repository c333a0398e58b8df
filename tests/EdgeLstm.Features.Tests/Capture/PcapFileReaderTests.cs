using EdgeLstm.Features.Capture;
using EdgeLstm.Features.Tests.TestSupport;

namespace EdgeLstm.Features.Tests.Capture;

public sealed class PcapFileReaderTests
{
    private const long Time = 1_650_000_000_123_456_789;

    public static TheoryData<bool, bool> Variants => new()
    {
        { false, false },
        { false, true },
        { true, false },
        { true, true },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void TryReadPacket_ByteOrderAndResolution_ReadsTimestampLengthsAndData(bool bigEndian, bool nanoseconds)
    {
        byte[] frame = FrameBuilder.Udp("10.0.0.1", "10.0.0.2", 1, 2);
        byte[] capture = CaptureWriter.Pcap([new(Time, frame[..40], OriginalLength: frame.Length)], linkType: 1, bigEndian, nanoseconds);
        using IPacketSource source = CaptureFile.Open(new MemoryStream(capture), "t.pcap");

        Assert.True(source.TryReadPacket(out RawPacket packet));
        Assert.Equal(nanoseconds ? Time : Time - 789, packet.TimestampNanoseconds);
        Assert.Equal(LinkType.Ethernet, packet.LinkType);
        Assert.Equal(frame.Length, packet.OriginalLength);
        Assert.Equal(frame[..40], packet.Data.ToArray());
        Assert.False(source.TryReadPacket(out _));
    }

    [Fact]
    public void TryReadPacket_HugeRecordLength_ThrowsWithOffset()
    {
        byte[] capture = CaptureWriter.Pcap([new(Time, new byte[60]), new(Time, new byte[60])]);
        int secondRecord = 24 + 16 + 60;
        capture[secondRecord + 8] = 0xFF;
        capture[secondRecord + 11] = 0x7F;
        using IPacketSource source = CaptureFile.Open(new MemoryStream(capture), "bad.pcap");

        Assert.True(source.TryReadPacket(out _));
        CaptureFormatException error = Assert.Throws<CaptureFormatException>(() => source.TryReadPacket(out _));
        Assert.Equal(secondRecord, error.Offset);
        Assert.Equal("bad.pcap", error.FilePath);
        Assert.Contains("bad.pcap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadPacket_TruncatedLastRecord_Throws()
    {
        byte[] capture = CaptureWriter.Pcap([new(Time, new byte[60])]);
        using IPacketSource source = CaptureFile.Open(new MemoryStream(capture[..^5]), "cut.pcap");

        CaptureFormatException error = Assert.Throws<CaptureFormatException>(() => source.TryReadPacket(out _));
        Assert.Equal(24, error.Offset);
    }

    [Fact]
    public void Open_GzipFile_ReadsTransparently()
    {
        byte[] capture = CaptureWriter.Pcap([new(Time, new byte[60]), new(Time + 1000, new byte[70])]);
        string path = Path.Combine(Path.GetTempPath(), $"edgelstm-{Guid.NewGuid():N}.pcap.gz");
        try
        {
            using (var file = File.Create(path))
            using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
            {
                gzip.Write(capture);
            }

            using IPacketSource source = CaptureFile.Open(path);
            Assert.True(source.TryReadPacket(out RawPacket first));
            Assert.Equal(60, first.Data.Length);
            Assert.True(source.TryReadPacket(out RawPacket second));
            Assert.Equal(70, second.Data.Length);
            Assert.False(source.TryReadPacket(out _));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TryReadPacket_SteadyStateWithDecoding_AllocatesNothing()
    {
        var random = new Random(3);
        var packets = new List<CaptureWriter.Packet>();
        for (int i = 0; i < 5_000; i++)
        {
            packets.Add(new(Time + (i * 1000L), FrameBuilder.Tcp($"10.0.{i % 7}.{i % 200}", "10.9.9.9", 1000, 80, FrameBuilder.Ack, random.Next(0, 1400))));
        }

        using IPacketSource source = CaptureFile.Open(new MemoryStream(CaptureWriter.Pcap(packets)), "steady.pcap");
        var decoder = new EdgeLstm.Features.Decoding.PacketDecoder();
        for (int i = 0; i < 100; i++)
        {
            Assert.True(source.TryReadPacket(out RawPacket raw));
            decoder.Decode(raw, out _);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        int read = 0;
        while (source.TryReadPacket(out RawPacket raw))
        {
            decoder.Decode(raw, out _);
            read++;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(4_900, read);
    }

    [Fact]
    public void Open_UnknownMagic_Throws()
    {
        Assert.Throws<CaptureFormatException>(() => CaptureFile.Open(new MemoryStream(new byte[100]), "zeros"));
    }
}
