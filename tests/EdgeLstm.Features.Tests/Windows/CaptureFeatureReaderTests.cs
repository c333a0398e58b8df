using EdgeLstm.Features.Capture;
using EdgeLstm.Features.Decoding;
using EdgeLstm.Features.Tests.TestSupport;
using EdgeLstm.Features.Windows;

namespace EdgeLstm.Features.Tests.Windows;

public sealed class CaptureFeatureReaderTests
{
    private const long Second = 1_000_000_000;

    [Fact]
    public void ReadRows_HandBuiltCapture_FlushesLastWindowAndCountsSkips()
    {
        long t = 1_600_000_000 * Second;
        byte[] capture = CaptureWriter.Pcap(
        [
            new(t, FrameBuilder.Udp("10.0.0.1", "10.0.0.2", 1000, 2000)),
            new(t + 10, FrameBuilder.Tcp("10.0.0.1", "10.0.0.2", 1000, 80, FrameBuilder.Syn)[..30]),
            new(t + (2 * Second), FrameBuilder.Udp("10.0.0.1", "10.0.0.3", 1000, 2000)),
        ]);
        using var reader = new CaptureFeatureReader(CaptureFile.Open(new MemoryStream(capture), "test.pcap"));

        List<FeatureRow> rows = [.. reader.ReadRows()];

        Assert.Equal(4, rows.Count);
        Assert.Equal(t + (2 * Second), rows[^1].WindowStartNanoseconds);
        Assert.Equal(3, reader.Decoder.TotalPackets);
        Assert.Equal(1, reader.Decoder.GetCount(DecodeStatus.TruncatedIPv4Header));
    }

    [SkippableFact]
    public void ReadFile_SynFlood_VictimSeesManySynsAndPeers()
    {
        string? path = SharedDatasets.Find("stopddos-pcaps/pkt.TCP.synflood.spoofed.pcap");
        Skip.If(path is null, SharedDatasets.SkipMessage);

        IReadOnlyList<FeatureRow> rows = CaptureFeatureReader.ReadFile(path!);

        int synIn = HostWindowFeatures.Definitions.Select(d => d.Name).ToList().IndexOf("tcp_syn_in");
        int peers = HostWindowFeatures.Definitions.Select(d => d.Name).ToList().IndexOf("distinct_peers");
        FeatureRow busiest = rows.MaxBy(r => r.Features[synIn])!;
        Assert.True(busiest.Features[synIn] > 100, $"busiest victim window has {busiest.Features[synIn]} SYNs");
        Assert.True(busiest.Features[peers] > 50, $"busiest victim window has {busiest.Features[peers]} peers");
    }
}
