using System.Net;
using System.Net.Sockets;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Detection;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using EdgeLstm.Features.Capture;
using EdgeLstm.Features.Windows;

namespace EdgeLstm.EdgeAgent.Tests.Detection;

public sealed class CaptureCounterSamplerTests
{
    [SkippableFact]
    public async Task Sample_LiveCaptureNobodyReads_ReportsLibpcapsDropsAsCaptureDrops()
    {
        Skip.If(LiveCaptureSource.LibraryVersion is null, "libpcap (libpcap.so.0.8, Debian package libpcap0.8) is not installed");
        Skip.IfNot(Environment.IsPrivilegedProcess, "live capture needs root (or CAP_NET_RAW)");
        using var receiver = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)receiver.Client.LocalEndPoint!).Port;

        // The smallest buffer the kernel takes and a flood nobody reads: the kernel must drop, and libpcap counts it.
        var source = LiveCaptureSource.Open(new LiveCaptureOptions { Interface = "lo", Filter = $"udp and dst port {port}", BufferSize = 4096 });
        using var reader = new CaptureFeatureReader(source);
        var counters = new AgentCounters();
        var sampler = new CaptureCounterSampler(reader, source, counters);
        using (var sender = new UdpClient())
        {
            byte[] payload = new byte[1400];
            for (int i = 0; i < 5000; i++)
            {
                await sender.SendAsync(payload, new IPEndPoint(IPAddress.Loopback, port));
            }
        }

        // Read before sampling: the kernel may still be delivering the last packets, so the count can only grow.
        LiveCaptureStatistics statistics = source.GetStatistics();
        sampler.Sample(force: true);

        Assert.True(statistics.Dropped > 0, $"the kernel dropped nothing (received {statistics.Received})");

        // The loopback device hands each packet to a packet socket twice (out and in), so up to twice the flood.
        Assert.InRange(counters.CaptureDrops, statistics.Dropped + statistics.InterfaceDropped, 2 * 5000);
        Assert.Equal(0, counters.Malformed);
    }

    [Fact]
    public void Sample_ReplayedFloodBeyondTheHostCap_ReportsAggregatedPackets()
    {
        using var temp = new TempDirectory();
        string capture = temp.Combine("flood.pcap");

        // 20,000 spoofed sources in 0.2 s: one window, so beyond 4,095 sources beside the victim none can be admitted.
        FloodCapture.Write(capture, packets: 20_000, perSecond: 100_000);
        using CaptureFeatureReader reader = CaptureFeatureReader.Open(capture);
        var counters = new AgentCounters();
        var sampler = new CaptureCounterSampler(reader, live: null, counters);
        int rows = reader.ReadRows().Count();

        sampler.Sample(force: true);

        Assert.Equal(4096 + 1, rows);
        Assert.Equal(20_000 - 4095, counters.PacketsAggregated);
        Assert.Equal(0, counters.PacketsToOverflow);
        Assert.Equal(0, counters.HostsWithHistoryEvicted);
        Assert.Equal(reader.Extractor.AddressesFiltered, counters.AddressesFiltered);
    }
}
