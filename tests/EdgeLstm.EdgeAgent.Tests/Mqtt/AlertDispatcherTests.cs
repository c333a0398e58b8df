using System.Text;
using System.Text.Json;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Indicator;
using EdgeLstm.EdgeAgent.Mqtt;
using EdgeLstm.EdgeAgent.Outbox;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeLstm.EdgeAgent.Tests.Mqtt;

public sealed class AlertDispatcherTests : IAsyncLifetime, IDisposable
{
    private const string AlertsTopic = "edgelstm/gw1/alerts";
    private const string StatusTopic = "edgelstm/gw1/status";

    private readonly TempDirectory _temp = new();
    private readonly ListLoggerProvider _logs = new();
    private readonly InMemoryPublisher _publisher = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly NullStatusIndicator _led = new();
    private readonly IndicatorController _indicator;
    private JournalOutbox _outbox = null!;
    private AlertDispatcher _dispatcher = null!;

    public AlertDispatcherTests()
    {
        _indicator = new IndicatorController(_led, Options.Create(new StatusIndicatorOptions { AlertHoldSeconds = 30 }), _time);
    }

    public async Task InitializeAsync()
    {
        await _indicator.StartAsync(CancellationToken.None);
        _outbox = OpenOutbox();
        _dispatcher = CreateDispatcher(_outbox);
        await _dispatcher.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        // Disconnected first: a connected dispatcher waits on the fake clock for its "offline" PUBACK.
        if (_dispatcher.IsConnected)
        {
            _publisher.Raise(new PublisherEvent(PublisherEventKind.Disconnected, 0, 0));
            Assert.True(await Eventually.TrueAsync(() => !_dispatcher.IsConnected));
        }

        await _dispatcher.StopAsync(CancellationToken.None);
        _dispatcher.Dispose();
        _outbox.Dispose();
    }

    public void Dispose()
    {
        _indicator.Dispose();
        _led.Dispose();
        _publisher.Dispose();
        _logs.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Submit_WhileDisconnected_StoresAndPublishesNothing()
    {
        Alert alert = TestAlerts.Create(1);

        _dispatcher.Submit(alert);
        await Task.Delay(50);

        Assert.True(_publisher.Started);
        Assert.Empty(_publisher.Published);
        Assert.Equal([alert.Id], _outbox.GetPending().Select(e => e.Id));
    }

    [Fact]
    public async Task Connected_PendingAlerts_PublishesRetainedOnlineStatusThenAlertsAtQos1()
    {
        Alert first = TestAlerts.Create(1);
        Alert second = TestAlerts.Create(2);
        _dispatcher.Submit(first);
        _dispatcher.Submit(second);

        _publisher.Raise(new PublisherEvent(PublisherEventKind.Connected, 0, 0));

        Assert.True(await Eventually.TrueAsync(() => _publisher.Published.Count == 3));
        PublishedMessage status = _publisher.Published[0];
        Assert.Equal((StatusTopic, MqttQos.AtLeastOnce, true), (status.Topic, status.Qos, status.Retain));
        using (JsonDocument json = JsonDocument.Parse(status.Payload))
        {
            Assert.Equal("online", json.RootElement.GetProperty("state").GetString());
            Assert.Equal("gw1", json.RootElement.GetProperty("deviceId").GetString());
        }

        Assert.All(_publisher.Published.Skip(1), m => Assert.Equal((AlertsTopic, MqttQos.AtLeastOnce, false), (m.Topic, m.Qos, m.Retain)));
        Assert.Equal([first.Id, second.Id], _publisher.Published.Skip(1).Select(m => IdOf(m.Payload)));
    }

    [Fact]
    public async Task Published_Acknowledged_RemovesOnlyThatAlertFromOutbox()
    {
        Alert first = TestAlerts.Create(1);
        Alert second = TestAlerts.Create(2);
        _publisher.Raise(new PublisherEvent(PublisherEventKind.Connected, 0, 0));
        _dispatcher.Submit(first);
        _dispatcher.Submit(second);
        Assert.True(await Eventually.TrueAsync(() => _publisher.Published.Count(m => m.Topic == AlertsTopic) == 2));

        PublishedMessage secondMessage = _publisher.Published.Single(m => m.Topic == AlertsTopic && IdOf(m.Payload) == second.Id);
        _publisher.Raise(new PublisherEvent(PublisherEventKind.Published, secondMessage.MessageId, 0));

        Assert.True(await Eventually.TrueAsync(() => _outbox.Count == 1));
        Assert.Equal([first.Id], _outbox.GetPending().Select(e => e.Id));
    }

    [Fact]
    public async Task Published_RefusedByBroker_StaysAndIsRepublishedOnNextConnection()
    {
        Alert alert = TestAlerts.Create(1);
        _publisher.Raise(new PublisherEvent(PublisherEventKind.Connected, 0, 0));
        _dispatcher.Submit(alert);
        Assert.True(await Eventually.TrueAsync(() => _publisher.Published.Any(m => m.Topic == AlertsTopic)));
        int messageId = _publisher.Published.Single(m => m.Topic == AlertsTopic).MessageId;

        _publisher.Raise(new PublisherEvent(PublisherEventKind.Published, messageId, 0x87));
        _publisher.Raise(new PublisherEvent(PublisherEventKind.Disconnected, 0, 7));
        _publisher.Raise(new PublisherEvent(PublisherEventKind.Connected, 0, 0));

        Assert.True(await Eventually.TrueAsync(() => _publisher.Published.Count(m => m.Topic == AlertsTopic) == 2));
        Assert.All(_publisher.Published.Where(m => m.Topic == AlertsTopic), m => Assert.Equal(alert.Id, IdOf(m.Payload)));
        Assert.Equal(1, _outbox.Count);
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 2004);
    }

    [Fact]
    public async Task Connected_AgainWhileAwaitingAck_DoesNotPublishTwice()
    {
        Alert alert = TestAlerts.Create(1);
        _dispatcher.Submit(alert);
        _publisher.Raise(new PublisherEvent(PublisherEventKind.Connected, 0, 0));
        Assert.True(await Eventually.TrueAsync(() => _publisher.Published.Any(m => m.Topic == AlertsTopic)));

        // The client itself re-sends an unacknowledged QoS 1 message after a reconnect.
        _publisher.Raise(new PublisherEvent(PublisherEventKind.Disconnected, 0, 7));
        _publisher.Raise(new PublisherEvent(PublisherEventKind.Connected, 0, 0));
        Assert.True(await Eventually.TrueAsync(() => _publisher.Published.Count(m => m.Topic == StatusTopic) == 2));

        Assert.Single(_publisher.Published, m => m.Topic == AlertsTopic);
    }

    [Fact]
    public async Task Submit_PublishFails_AlertStaysAndIsPublishedAfterReconnect()
    {
        _publisher.Raise(new PublisherEvent(PublisherEventKind.Connected, 0, 0));
        Assert.True(await Eventually.TrueAsync(() => _publisher.Published.Count == 1));
        _publisher.FailPublishes = true;
        Alert alert = TestAlerts.Create(1);

        _dispatcher.Submit(alert);
        Assert.True(await Eventually.TrueAsync(() => _logs.Entries.Any(e => e.EventId.Id == 2005)));
        _publisher.FailPublishes = false;
        _publisher.Raise(new PublisherEvent(PublisherEventKind.Disconnected, 0, 7));
        _publisher.Raise(new PublisherEvent(PublisherEventKind.Connected, 0, 0));

        Assert.True(await Eventually.TrueAsync(() => _publisher.Published.Any(m => m.Topic == AlertsTopic)));
        Assert.Equal(alert.Id, IdOf(_publisher.Published.Single(m => m.Topic == AlertsTopic).Payload));
    }

    [Fact]
    public async Task Start_AfterRestart_PublishesRecoveredAlertsByteForByte()
    {
        Alert alert = TestAlerts.Create(1);
        _dispatcher.Submit(alert);
        byte[] stored = _outbox.GetPending()[0].Payload.ToArray();
        await _dispatcher.StopAsync(CancellationToken.None);
        _dispatcher.Dispose();
        _outbox.Dispose();

        _outbox = OpenOutbox();
        _dispatcher = CreateDispatcher(_outbox);
        await _dispatcher.StartAsync(CancellationToken.None);
        _publisher.Raise(new PublisherEvent(PublisherEventKind.Connected, 0, 0));

        Assert.True(await Eventually.TrueAsync(() => _publisher.Published.Any(m => m.Topic == AlertsTopic)));
        Assert.Equal(stored, _publisher.Published.Single(m => m.Topic == AlertsTopic).Payload);
    }

    [Fact]
    public async Task StopAsync_WhileConnected_PublishesRetainedOfflineAndStopsClient()
    {
        _publisher.Raise(new PublisherEvent(PublisherEventKind.Connected, 0, 0));
        Assert.True(await Eventually.TrueAsync(() => _dispatcher.IsConnected));
        _time.Advance(TimeSpan.FromSeconds(90));

        Task stopping = _dispatcher.StopAsync(CancellationToken.None);
        Assert.True(await Eventually.TrueAsync(() => _publisher.Published.Count == 2));
        PublishedMessage offline = _publisher.Published[1];
        _publisher.Raise(new PublisherEvent(PublisherEventKind.Published, offline.MessageId, 0));
        await stopping;

        Assert.Equal((StatusTopic, true), (offline.Topic, offline.Retain));
        using JsonDocument json = JsonDocument.Parse(offline.Payload);
        Assert.Equal("offline", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(90, json.RootElement.GetProperty("uptimeSeconds").GetInt64());
        Assert.True(_publisher.Stopped);
    }

    [Fact]
    public void Submit_Alert_WritesContractJson()
    {
        Alert alert = TestAlerts.Create(3);

        _dispatcher.Submit(alert);

        string json = Encoding.UTF8.GetString(_outbox.GetPending()[0].Payload.Span);
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        Assert.Equal(
            ["id", "time", "entity", "score", "threshold", "severity", "window", "modelId", "topFeatures"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(alert.Id, root.GetProperty("id").GetGuid());
        Assert.Equal(7, root.GetProperty("id").GetGuid().Version);
        Assert.Equal("2026-11-23T12:00:03+00:00", root.GetProperty("time").GetString());
        Assert.Equal("192.168.1.3", root.GetProperty("entity").GetString());
        Assert.Equal(10.5, root.GetProperty("score").GetDouble());
        Assert.Equal(3.25, root.GetProperty("threshold").GetDouble());
        Assert.Equal("high", root.GetProperty("severity").GetString());
        Assert.Equal(["start", "end", "windows", "anomalous"], root.GetProperty("window").EnumerateObject().Select(p => p.Name));
        Assert.Equal("lstm-demo-1", root.GetProperty("modelId").GetString());
        Assert.Equal("syn_count", root.GetProperty("topFeatures")[0].GetProperty("name").GetString());
        Assert.Equal(0.5, root.GetProperty("topFeatures")[0].GetProperty("contribution").GetDouble());
    }

    [Fact]
    public async Task Handle_ConnectionAndAlerts_DriveStatusIndicator()
    {
        Assert.Equal(IndicatorState.Fault, _led.State);

        _publisher.Raise(new PublisherEvent(PublisherEventKind.Connected, 0, 0));
        Assert.True(await Eventually.TrueAsync(() => _led.State == IndicatorState.Running));
        _dispatcher.Submit(TestAlerts.Create(1));
        Assert.Equal(IndicatorState.Alert, _led.State);
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(IndicatorState.Running, _led.State);
        _publisher.Raise(new PublisherEvent(PublisherEventKind.Disconnected, 0, 7));

        Assert.True(await Eventually.TrueAsync(() => _led.State == IndicatorState.Fault));
    }

    [Fact]
    public void Submit_NonFiniteScore_Throws()
    {
        Alert alert = TestAlerts.Create(1) with { Score = double.NaN };

        Assert.Throws<ArgumentException>(() => _dispatcher.Submit(alert));
        Assert.Equal(0, _outbox.Count);
    }

    private static Guid IdOf(byte[] payload)
    {
        using JsonDocument json = JsonDocument.Parse(payload);
        return json.RootElement.GetProperty("id").GetGuid();
    }

    private JournalOutbox OpenOutbox() =>
        new(Options.Create(new OutboxOptions { Directory = _temp.Combine("outbox") }), _logs.CreateLogger<JournalOutbox>());

    private AlertDispatcher CreateDispatcher(JournalOutbox outbox)
    {
        IOptions<AgentOptions> agent = Options.Create(new AgentOptions { DeviceId = "gw1" });
        return new AlertDispatcher(outbox, _publisher, agent, new AgentStatus(agent, _time), _indicator, _time, _logs.CreateLogger<AlertDispatcher>());
    }
}
