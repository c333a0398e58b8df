using EdgeLstm.EdgeAgent.Systemd;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace EdgeLstm.EdgeAgent.Tests.Systemd;

public sealed class WatchdogServiceTests
{
    private readonly FakeLogCollector _logs = new();
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingNotifier _notifier = new();
    private readonly PipelineLiveness _liveness;

    public WatchdogServiceTests() => _liveness = new PipelineLiveness(_time);

    [Fact]
    public async Task ExecuteAsync_PipelineMakesProgress_PingsAtHalfTheTimeout()
    {
        int backlog = 0;
        LivenessProbe probe = _liveness.Register("detection", TimeSpan.FromSeconds(30), () => backlog > 0);
        using var lifetime = new TestLifetime();
        using WatchdogService service = Create(lifetime, TimeSpan.FromSeconds(20));

        await service.StartAsync(CancellationToken.None);
        lifetime.SignalStarted();
        Assert.True(await Eventually.TrueAsync(() => _notifier.States.Count == 1));
        backlog = 5;
        for (int i = 0; i < 4; i++)
        {
            Assert.True(await Eventually.TrueAsync(() => { _time.Advance(TimeSpan.FromSeconds(10)); return _notifier.States.Count >= i + 2; }));
            probe.Tick();
        }

        await service.StopAsync(CancellationToken.None);
        Assert.All(_notifier.States, state => Assert.Equal("WATCHDOG=1", state));
        Assert.Contains(_logs.GetSnapshot(), e => e.Id.Id == 5000);
    }

    [Fact]
    public async Task ExecuteAsync_LoopStalledWithWorkWaiting_WithholdsPingsUntilItTicksAgain()
    {
        bool backlog = false;
        int checks = 0;
        LivenessProbe probe = _liveness.Register("delivery", TimeSpan.FromSeconds(30), () =>
        {
            Interlocked.Increment(ref checks);
            return backlog;
        });
        using var lifetime = new TestLifetime();
        using WatchdogService service = Create(lifetime, TimeSpan.FromSeconds(20));
        await service.StartAsync(CancellationToken.None);
        lifetime.SignalStarted();
        Assert.True(await Eventually.TrueAsync(() => _notifier.States.Count == 1));

        // Work arrives and is never taken: pings go on for the stall timeout, then stop.
        backlog = true;
        Assert.True(await Eventually.TrueAsync(() => { _time.Advance(TimeSpan.FromSeconds(10)); return _logs.GetSnapshot().Any(e => e.Id.Id == 5002); }));
        int pings = _notifier.States.Count;
        // The loop's next check is the signal that it decided on the previous one (instead of a sleep). The clock
        // advances until that check comes, since the loop may not be waiting on its timer yet at the first advance.
        for (int i = 0; i < 6; i++)
        {
            int before = Volatile.Read(ref checks);
            Assert.True(await Eventually.TrueAsync(() => { _time.Advance(TimeSpan.FromSeconds(10)); return Volatile.Read(ref checks) > before; }), $"the watchdog loop did not run ({i})");
        }

        Assert.Equal(pings, _notifier.States.Count);
        Assert.Contains(_logs.GetSnapshot(), e => e.Id.Id == 5002 && e.Message.Contains("the delivery loop has work waiting", StringComparison.Ordinal));

        probe.Tick();
        Assert.True(await Eventually.TrueAsync(() => { _time.Advance(TimeSpan.FromSeconds(10)); return _notifier.States.Count > pings; }));
        Assert.Contains(_logs.GetSnapshot(), e => e.Id.Id == 5003);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ExecuteAsync_LoopFailed_NeverPings()
    {
        LivenessProbe probe = _liveness.Register("detection", TimeSpan.FromSeconds(30), () => false);
        probe.Fail("libpcap: interface went down");
        using var lifetime = new TestLifetime();
        using WatchdogService service = Create(lifetime, TimeSpan.FromSeconds(20));
        await service.StartAsync(CancellationToken.None);
        lifetime.SignalStarted();

        Assert.True(await Eventually.TrueAsync(() => _logs.GetSnapshot().Any(e => e.Id.Id == 5002)));
        _time.Advance(TimeSpan.FromSeconds(30));
        await service.StopAsync(CancellationToken.None);

        Assert.Empty(_notifier.States);
    }

    [Fact]
    public async Task ExecuteAsync_NoWatchdogConfigured_SendsNothing()
    {
        using var lifetime = new TestLifetime();
        using WatchdogService service = Create(lifetime, timeout: null);
        await service.StartAsync(CancellationToken.None);
        lifetime.SignalStarted();
        _time.Advance(TimeSpan.FromMinutes(5));
        await service.StopAsync(CancellationToken.None);

        Assert.Empty(_notifier.States);
    }

    private WatchdogService Create(IHostApplicationLifetime lifetime, TimeSpan? timeout) =>
        new(_notifier, _liveness, lifetime, _time, new FakeLogger<WatchdogService>(_logs), timeout);

    private sealed class RecordingNotifier : ISystemdNotifier
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _states = new();

        public IReadOnlyList<string> States => [.. _states];

        public bool IsEnabled => true;

        public void Notify(ServiceState state) => _states.Enqueue(state.ToString());
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
