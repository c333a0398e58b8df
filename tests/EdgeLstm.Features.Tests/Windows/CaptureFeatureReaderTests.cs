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

    [Fact]
    public void ReadFile_TrafficLabSample_AttackerWindowsStandOutDuringLabelledAttacks()
    {
        string capture = RepositoryFiles.Find("samples/traffic-lab/lab.pcap");
        string[] labels = File.ReadAllLines(RepositoryFiles.Find("samples/traffic-lab/labels.csv"));
        HostAddress attacker = HostAddress.Parse(File.ReadAllText(RepositoryFiles.Find("samples/traffic-lab/attackers.txt")).Trim());
        (double Start, double End) flood = labels.Skip(1)
            .Select(line => line.Split(','))
            .Where(f => f[4] == "syn-flood")
            .Select(f => (double.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture), double.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture)))
            .Single();
        List<string> names = HostWindowFeatures.Definitions.Select(d => d.Name).ToList();

        IReadOnlyList<FeatureRow> rows = CaptureFeatureReader.ReadFile(capture);

        bool InFlood(FeatureRow r) => r.WindowStartNanoseconds / 1e9 >= flood.Start && r.WindowStartNanoseconds / 1e9 + 1 <= flood.End;
        FeatureRow[] attackerFlood = rows.Where(r => r.Entity == attacker && InFlood(r)).ToArray();
        FeatureRow[] benign = rows.Where(r => r.Entity != attacker && !InFlood(r)).ToArray();
        Assert.NotEmpty(attackerFlood);
        Assert.All(attackerFlood, r => Assert.InRange(r.Features[names.IndexOf("tcp_syn_out")], 300, 600));
        Assert.All(benign, r => Assert.InRange(r.Features[names.IndexOf("tcp_syn_out")], 0, 20));
    }
}
