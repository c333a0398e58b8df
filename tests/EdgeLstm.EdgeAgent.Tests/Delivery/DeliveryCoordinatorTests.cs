using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Delivery;
using EdgeLstm.EdgeAgent.Outbox;
using EdgeLstm.EdgeAgent.Systemd;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeLstm.EdgeAgent.Tests.Delivery;

public sealed class DeliveryCoordinatorTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeLogCollector _logs = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly JournalOutbox _outbox;
    private readonly AgentStatus _status;

    public DeliveryCoordinatorTests()
    {
        _outbox = new JournalOutbox(Options.Create(new OutboxOptions { Directory = _temp.Combine("outbox") }), new FakeLogger<JournalOutbox>(_logs));
        _status = new AgentStatus(Options.Create(new AgentOptions { DeviceId = "gw1" }), _time);
    }

    public void Dispose()
    {
        _outbox.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Wake_TwoTransports_AlertLeavesOutboxOnlyWhenBothDelivered()
    {
        var mqtt = new FakeTransport("mqtt");
        var webhook = new FakeTransport("webhook") { Answer = _ => DeliveryResult.Failed("HTTP 503") };
        using DeliveryCoordinator coordinator = await StartAsync(mqtt, webhook);
        Alert alert = TestAlerts.Create(1);

        Submit(coordinator, alert);
        Assert.True(await Eventually.TrueAsync(() =>
        {
            _time.Advance(TimeSpan.FromMilliseconds(20));
            return mqtt.Attempts.Contains(alert.Id) && webhook.Attempts.Count >= 2;
        }), "the transports were not offered the alert, or the failed one not again after its backoff");
        int mqttAttempts = mqtt.Attempts.Count;
        Assert.Equal([alert.Id], _outbox.GetPending().Select(e => e.Id));
        webhook.Answer = _ => DeliveryResult.Delivered;

        Assert.True(await Eventually.TrueAsync(() =>
        {
            _time.Advance(TimeSpan.FromMilliseconds(20));
            return _outbox.Count == 0;
        }), "the alert stayed after both transports delivered it");
        Assert.Equal(1, mqttAttempts);
        Assert.Single(mqtt.Attempts);
        await coordinator.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Wake_DisabledTransport_IsNeverOfferedAndDoesNotHoldAlerts()
    {
        var mqtt = new FakeTransport("mqtt");
        var off = new FakeTransport("webhook") { IsEnabled = false };
        using DeliveryCoordinator coordinator = await StartAsync(mqtt, off);

        Submit(coordinator, TestAlerts.Create(1));

        Assert.True(await Eventually.TrueAsync(() => _outbox.Count == 0));
        Assert.Empty(off.Attempts);
        Assert.Equal(["mqtt"], coordinator.TransportNames);
        await coordinator.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Wake_RefusedAlert_OfferedAgainOnlyAfterTheRetryIntervalNotOnNewAlerts()
    {
        var mqtt = new FakeTransport("mqtt", refusedRetry: TimeSpan.FromSeconds(60));
        Alert refused = TestAlerts.Create(1);
        mqtt.Answer = e => e.Id == refused.Id ? DeliveryResult.Refused("NotAuthorized (0x87)") : DeliveryResult.Delivered;
        using DeliveryCoordinator coordinator = await StartAsync(mqtt);

        Submit(coordinator, refused);
        Assert.True(await Eventually.TrueAsync(() => mqtt.Attempts.Count == 1));
        for (int n = 2; n <= 4; n++)
        {
            Submit(coordinator, TestAlerts.Create(n));
        }

        Assert.True(await Eventually.TrueAsync(() => _outbox.Count == 1), "the accepted alerts stayed");
        Assert.Single(mqtt.Attempts, id => id == refused.Id);
        Assert.Equal("mqtt: alerts refused: NotAuthorized (0x87)", _status.DeliveryError);
        Assert.Single(_logs.GetSnapshot(), e => e.Id.Id == 2004);

        mqtt.Answer = _ => DeliveryResult.Delivered;
        Assert.True(await Eventually.TrueAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            return _outbox.Count == 0;
        }), "the refused alert was not offered again after the interval");

        Assert.Equal(2, mqtt.Attempts.Count(id => id == refused.Id));
        Assert.Null(_status.DeliveryError);
        Assert.Contains(_logs.GetSnapshot(), e => e.Id.Id == 2020);
        await coordinator.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Wake_OutboxThrows_LoopLogsAndGoesOn()
    {
        var outbox = new ThrowingOutbox(_outbox);
        var mqtt = new FakeTransport("mqtt");
        using var coordinator = new DeliveryCoordinator(outbox, [mqtt], _status, TimeProvider.System, new FakeLogger<DeliveryCoordinator>(_logs));
        await coordinator.StartAsync(CancellationToken.None);
        outbox.Fail = true;
        _outbox.Append(new OutboxEntry(Guid.CreateVersion7(), "{}"u8.ToArray()));

        coordinator.Wake();
        Assert.True(await Eventually.TrueAsync(() => _logs.GetSnapshot().Any(e => e.Id.Id == 2022)), "the fault was not logged");
        outbox.Fail = false;
        coordinator.Wake();

        Assert.True(await Eventually.TrueAsync(() => _outbox.Count == 0, seconds: 10), "the loop did not go on after the fault");
        await coordinator.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Liveness_DeliveryStuckInFlight_StallsTheWatchdogOnlyAfterTheStallTimeout()
    {
        var liveness = new PipelineLiveness(_time);
        var stuck = new HangingTransport();
        using var coordinator = new DeliveryCoordinator(_outbox, [stuck], _status, _time, new FakeLogger<DeliveryCoordinator>(_logs), liveness);
        await coordinator.StartAsync(CancellationToken.None);

        // Idle: nothing in flight, alive however long it waits.
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.True(liveness.Check(out _));

        Submit(coordinator, TestAlerts.Create(1));
        Assert.True(await Eventually.TrueAsync(() => stuck.Started), "the transport was not offered the alert");
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.True(liveness.Check(out _));
        _time.Advance(TimeSpan.FromSeconds(61));

        Assert.False(liveness.Check(out string? reason));
        Assert.Contains("delivery to hang", reason, StringComparison.Ordinal);
        await coordinator.StopAsync(CancellationToken.None);
    }

    private async Task<DeliveryCoordinator> StartAsync(params IAlertTransport[] transports)
    {
        var coordinator = new DeliveryCoordinator(_outbox, transports, _status, _time, new FakeLogger<DeliveryCoordinator>(_logs));
        await coordinator.StartAsync(CancellationToken.None);
        return coordinator;
    }

    private void Submit(DeliveryCoordinator coordinator, Alert alert)
    {
        var intake = new AlertIntake(_outbox, coordinator, new DeliveryEvents([], new FakeLogger<DeliveryEvents>(_logs)), new FakeLogger<AlertIntake>(_logs));
        intake.Submit(alert);
    }

    /// <summary>An outbox whose reads and acknowledgements fail with EIO while <see cref="Fail"/> is set.</summary>
    private sealed class ThrowingOutbox(IAlertOutbox inner) : IAlertOutbox
    {
        public volatile bool Fail;

        public int Count => inner.Count;

        public long DroppedCount => inner.DroppedCount;

        public void Append(OutboxEntry entry) => inner.Append(entry);

        public bool Acknowledge(Guid id) => Fail ? throw new IOException("Input/output error") : inner.Acknowledge(id);

        public IReadOnlyList<OutboxEntry> GetPending() => Fail ? throw new IOException("Input/output error") : inner.GetPending();
    }

    /// <summary>A transport whose deliveries never complete (until the agent stops).</summary>
    private sealed class HangingTransport : IAlertTransport
    {
        private volatile bool _started;

        public string Name => "hang";

        public bool IsEnabled => true;

        public DeliveryPolicy Policy { get; } = new(1, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20));

        public bool Started => _started;

        public Task WaitUntilReadyAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task<DeliveryResult> DeliverAsync(OutboxEntry entry, CancellationToken cancellationToken)
        {
            _started = true;
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return DeliveryResult.Delivered;
        }
    }
}
