using EdgeLstm.Features.Capture;
using EdgeLstm.Features.Decoding;
using EdgeLstm.Features.Tests.TestSupport;
using EdgeLstm.Features.Windows;
using Microsoft.Extensions.Time.Testing;

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

    [Fact]
    public void ReadRows_LiveSourceGoesQuiet_RowArrivesAtTheFirstTimeoutAfterTheWindowEnds()
    {
        long t = 1_600_000_000 * Second;
        var clock = new FakeTimeProvider();
        var source = new ScriptedLiveSource(
            clock,
            new(t + (Second / 10), FrameBuilder.Udp("10.0.0.1", "10.0.0.2", 1000, 2000)),
            new(t + (Second / 2), null),
            new(t + Second + 1, null),
            new(t + (5 * Second), null));
        using var reader = new CaptureFeatureReader(source, options: null, clock);

        using IEnumerator<FeatureRow> rows = reader.ReadRows().GetEnumerator();

        Assert.True(rows.MoveNext());
        Assert.Equal(3, source.Played);
        Assert.Equal(t, rows.Current.WindowStartNanoseconds);
        Assert.True(rows.MoveNext());
        Assert.False(rows.MoveNext());
    }

    [Fact]
    public void ReadRows_LiveSourceWithoutWallClock_RowWaitsForTheEnd()
    {
        long t = 1_600_000_000 * Second;
        var clock = new FakeTimeProvider();
        var source = new ScriptedLiveSource(
            clock,
            new(t + (Second / 10), FrameBuilder.Udp("10.0.0.1", "10.0.0.2", 1000, 2000)),
            new(t + (5 * Second), null));
        using var reader = new CaptureFeatureReader(source);

        using IEnumerator<FeatureRow> rows = reader.ReadRows().GetEnumerator();

        Assert.True(rows.MoveNext());
        Assert.Equal(2, source.Played);
    }

    [SkippableFact]
    public async Task ReadRows_LiveLoopbackBurstThenSilence_RowsArriveWithoutFurtherPackets()
    {
        Skip.If(LiveCaptureSource.LibraryVersion is null, "libpcap (libpcap.so.0.8, Debian package libpcap0.8) is not installed");
        Skip.IfNot(Environment.IsPrivilegedProcess, "live capture needs root (or CAP_NET_RAW)");
        using var receiver = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        int port = ((System.Net.IPEndPoint)receiver.Client.LocalEndPoint!).Port;
        const int Count = 12;

        // An upper bound for a hung read, not a speed requirement: the rows are due about a second after the burst.
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var reader = new CaptureFeatureReader(
            LiveCaptureSource.Open(new LiveCaptureOptions { Interface = "lo", Filter = $"udp and dst port {port}", SnapLength = 256 }, cancel.Token),
            options: null,
            TimeProvider.System);

        // The reader runs before the burst so that no packet is missed; it stops once every packet is in a row.
        Task<List<FeatureRow>> reading = Task.Run(() =>
        {
            List<FeatureRow> rows = [];
            foreach (FeatureRow row in reader.ReadRows())
            {
                rows.Add(row);
                if (rows.Sum(r => r.Features[HostWindowFeatures.PacketsOut]) >= Count)
                {
                    break;
                }
            }

            return rows;
        });
        using (var sender = new System.Net.Sockets.UdpClient())
        {
            for (int i = 0; i < Count; i++)
            {
                await sender.SendAsync(new byte[20], new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));
            }
        }

        List<FeatureRow> received = await reading;

        Assert.False(cancel.IsCancellationRequested, "the rows did not arrive before the upper bound");
        Assert.All(received, row => Assert.Equal(HostAddress.Parse("127.0.0.1"), row.Entity));
        Assert.Equal(Count, received.Sum(row => row.Features[HostWindowFeatures.PacketsOut]));
        Assert.Equal(Count, reader.Decoder.TotalPackets);
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
