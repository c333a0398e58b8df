using System.Net;
using System.Net.Sockets;
using EdgeLstm.Features.Capture;
using EdgeLstm.Features.Decoding;
using EdgeLstm.Features.Tests.TestSupport;

namespace EdgeLstm.Features.Tests.Capture;

/// <summary>Captures real traffic on the loopback interface through libpcap; needs root and libpcap0.8.</summary>
public sealed class LiveCaptureSourceTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(30);

    private static void SkipUnlessCapturePossible()
    {
        Skip.If(LiveCaptureSource.LibraryVersion is null, "libpcap (libpcap.so.0.8, Debian package libpcap0.8) is not installed");
        Skip.IfNot(Environment.IsPrivilegedProcess, "live capture needs root (or CAP_NET_RAW)");
    }

    [SkippableFact]
    public async Task TryReadPacket_UdpSentToLoopback_ArrivesDecodedWithStatistics()
    {
        SkipUnlessCapturePossible();
        using var receiver = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)receiver.Client.LocalEndPoint!).Port;
        const int Count = 20;
        using var cancel = new CancellationTokenSource(s_bound);
        using LiveCaptureSource source = LiveCaptureSource.Open(
            new LiveCaptureOptions { Interface = "lo", Filter = $"udp and dst port {port}", SnapLength = 256 },
            cancel.Token);

        using (var sender = new UdpClient())
        {
            for (int i = 0; i < Count; i++)
            {
                byte[] payload = new byte[100 + i];
                await sender.SendAsync(payload, new IPEndPoint(IPAddress.Loopback, port));
            }
        }

        var lengths = new List<int>();
        var decoder = new PacketDecoder();
        await Task.Run(() =>
        {
            while (lengths.Count < Count && source.TryReadPacket(out RawPacket raw))
            {
                Assert.Equal(DecodeStatus.Ok, decoder.Decode(raw, out DecodedPacket packet));
                Assert.Equal(TransportProtocol.Udp, packet.Transport);
                Assert.Equal(port, packet.DestinationPort);
                Assert.Equal(HostAddress.Parse("127.0.0.1"), packet.Destination);
                Assert.InRange(packet.TimestampNanoseconds, DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds() * 1_000_000, long.MaxValue);
                lengths.Add(packet.PayloadLength);
            }
        }).WaitAsync(s_bound);

        Assert.Equal(Enumerable.Range(100, Count), lengths);
        LiveCaptureStatistics statistics = source.GetStatistics();
        Assert.True(statistics.Received >= Count, $"pcap_stats received {statistics.Received}");
        Assert.Equal(0, statistics.Dropped);
    }

    [SkippableFact]
    public async Task TryReadPacket_UdpIntoNamespaceOverVeth_ArrivesAsEthernetFrames()
    {
        SkipUnlessCapturePossible();
        Skip.IfNot(ExternalTool.Exists("ip"), "iproute2 (ip) is not installed");
        string suffix = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string ns = $"edgelstm-test-{suffix}";
        string hostSide = $"elt{suffix}a";
        try
        {
            try
            {
                ExternalTool.Run("ip", "netns", "add", ns);
                ExternalTool.Run("ip", "link", "add", hostSide, "type", "veth", "peer", "name", "eth0", "netns", ns);
                ExternalTool.Run("ip", "addr", "add", "10.213.77.1/30", "dev", hostSide);
                ExternalTool.Run("ip", "link", "set", hostSide, "up");
                ExternalTool.Run("ip", "netns", "exec", ns, "ip", "addr", "add", "10.213.77.2/30", "dev", "eth0");
                ExternalTool.Run("ip", "netns", "exec", ns, "ip", "link", "set", "eth0", "up");
            }
            catch (InvalidOperationException e)
            {
                Skip.If(true, $"cannot build a network namespace with a veth pair here: {e.Message}");
            }

            const int Count = 10;
            using var cancel = new CancellationTokenSource(s_bound);
            using LiveCaptureSource source = LiveCaptureSource.Open(
                new LiveCaptureOptions { Interface = hostSide, Filter = "udp and dst host 10.213.77.2 and dst port 9999", Promiscuous = true },
                cancel.Token);

            using (var sender = new UdpClient())
            {
                for (int i = 0; i < Count; i++)
                {
                    await sender.SendAsync(new byte[10 + i], new IPEndPoint(IPAddress.Parse("10.213.77.2"), 9999));
                }
            }

            var payloads = new List<int>();
            var decoder = new PacketDecoder();
            await Task.Run(() =>
            {
                while (payloads.Count < Count && source.TryReadPacket(out RawPacket raw))
                {
                    Assert.Equal(LinkType.Ethernet, raw.LinkType);
                    Assert.Equal(DecodeStatus.Ok, decoder.Decode(raw, out DecodedPacket packet));
                    Assert.Equal(HostAddress.Parse("10.213.77.1"), packet.Source);
                    payloads.Add(packet.PayloadLength);
                }
            }).WaitAsync(s_bound);

            Assert.Equal(Enumerable.Range(10, Count), payloads);
        }
        finally
        {
            // Deleting the namespace also removes the veth pair.
            try
            {
                ExternalTool.Run("ip", "netns", "delete", ns);
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    [SkippableFact]
    public async Task TryReadPacket_CancelledWhileWaiting_ReturnsFalse()
    {
        SkipUnlessCapturePossible();
        using var cancel = new CancellationTokenSource();
        using LiveCaptureSource source = LiveCaptureSource.Open(
            new LiveCaptureOptions { Interface = "lo", Filter = "udp and host 203.0.113.77", ReadTimeout = TimeSpan.FromSeconds(5) },
            cancel.Token);

        Task<bool> read = Task.Run(() => source.TryReadPacket(out _));
        await Task.Delay(100);
        await cancel.CancelAsync();

        Assert.False(await read.WaitAsync(s_bound));
    }

    [SkippableFact]
    public void Open_InvalidFilter_ThrowsNamingCompile()
    {
        SkipUnlessCapturePossible();

        LiveCaptureException error = Assert.Throws<LiveCaptureException>(
            () => LiveCaptureSource.Open(new LiveCaptureOptions { Interface = "lo", Filter = "udp and (" }));

        Assert.Contains("pcap_compile", error.Message, StringComparison.Ordinal);
        Assert.Contains("syntax error", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Open_UnknownInterface_ThrowsNamingActivate()
    {
        SkipUnlessCapturePossible();

        LiveCaptureException error = Assert.Throws<LiveCaptureException>(
            () => LiveCaptureSource.Open(new LiveCaptureOptions { Interface = "edgelstm-nonexistent0" }));

        Assert.Contains("pcap_activate(edgelstm-nonexistent0)", error.Message, StringComparison.Ordinal);
    }
}
