using System.Net.Sockets;
using System.Text;
using EdgeLstm.EdgeAgent.Systemd;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace EdgeLstm.EdgeAgent.Tests.Systemd;

public sealed class SystemdNotifyServiceTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ListLoggerProvider _logs = new();

    public void Dispose()
    {
        _logs.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task ExecuteAsync_WithWatchdog_SendsReadyThenWatchdogAtHalfTheTimeoutThenStopping()
    {
        string path = _temp.Combine("notify.sock");
        using var receiver = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        receiver.Bind(new UnixDomainSocketEndPoint(path));
        receiver.ReceiveTimeout = 10_000;
        var time = new FakeTimeProvider();
        using var lifetime = new TestLifetime();
        using var notifier = new SystemdNotifier(path, TimeSpan.FromSeconds(20));
        using var service = new SystemdNotifyService(notifier, lifetime, time, _logs.CreateLogger<SystemdNotifyService>());

        await service.StartAsync(CancellationToken.None);
        lifetime.SignalStarted();
        Assert.Equal("READY=1", Receive(receiver));

        // The watchdog timer is armed after READY=1 is sent; wait for it before moving the clock.
        Assert.True(await Eventually.TrueAsync(() => { time.Advance(TimeSpan.FromSeconds(10)); return receiver.Available > 0; }));
        Assert.Equal("WATCHDOG=1", Receive(receiver));
        await service.StopAsync(CancellationToken.None);

        // Extra pings from the eager clock above are fine; STOPPING=1 must come last.
        var rest = new List<string>();
        while (receiver.Available > 0)
        {
            rest.Add(Receive(receiver));
        }

        Assert.Equal("STOPPING=1", rest[^1]);
        Assert.All(rest[..^1], state => Assert.Equal("WATCHDOG=1", state));
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 3000);
    }

    [Fact]
    public async Task StopAsync_SendsStoppingLast()
    {
        string path = _temp.Combine("notify2.sock");
        using var receiver = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        receiver.Bind(new UnixDomainSocketEndPoint(path));
        receiver.ReceiveTimeout = 10_000;
        using var lifetime = new TestLifetime();
        using var notifier = new SystemdNotifier(path, null);
        using var service = new SystemdNotifyService(notifier, lifetime, new FakeTimeProvider(), _logs.CreateLogger<SystemdNotifyService>());

        await service.StartAsync(CancellationToken.None);
        lifetime.SignalStarted();
        Assert.Equal("READY=1", Receive(receiver));
        await service.StopAsync(CancellationToken.None);

        Assert.Equal("STOPPING=1", Receive(receiver));
    }

    private static string Receive(Socket socket)
    {
        byte[] buffer = new byte[256];
        int length = socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    private sealed class TestLifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _started = new();

        public CancellationToken ApplicationStarted => _started.Token;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void SignalStarted() => _started.Cancel();

        public void StopApplication()
        {
        }

        public void Dispose() => _started.Dispose();
    }
}
