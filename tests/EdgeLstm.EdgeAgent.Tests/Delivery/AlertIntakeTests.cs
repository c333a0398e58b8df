using System.Text;
using System.Text.Json;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Delivery;
using EdgeLstm.EdgeAgent.Indicator;
using EdgeLstm.EdgeAgent.Outbox;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeLstm.EdgeAgent.Tests.Delivery;

public sealed class AlertIntakeTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeLogCollector _logs = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly NullStatusIndicator _led = new();
    private readonly IndicatorController _indicator;
    private readonly JournalOutbox _outbox;
    private readonly DeliveryCoordinator _coordinator;
    private readonly DeliveryMetrics _metrics = new();
    private readonly AlertIntake _intake;

    public AlertIntakeTests()
    {
        _indicator = new IndicatorController(_led, Options.Create(new StatusIndicatorOptions { AlertHoldSeconds = 30 }), _time);
        _outbox = new JournalOutbox(Options.Create(new OutboxOptions { Directory = _temp.Combine("outbox") }), new FakeLogger<JournalOutbox>(_logs));
        _coordinator = new DeliveryCoordinator(_outbox, [], new AgentStatus(Options.Create(new AgentOptions { DeviceId = "gw1" }), _time), _time, new FakeLogger<DeliveryCoordinator>(_logs));
        var events = new DeliveryEvents([_metrics, new IndicatorDeliveryObserver(_indicator)], new FakeLogger<DeliveryEvents>(_logs));
        _intake = new AlertIntake(_outbox, _coordinator, events, new FakeLogger<AlertIntake>(_logs));
    }

    public void Dispose()
    {
        _coordinator.Dispose();
        _outbox.Dispose();
        _indicator.Dispose();
        _led.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void Submit_Alert_WritesContractJson()
    {
        Alert alert = TestAlerts.Create(3);

        _intake.Submit(alert);

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
        Assert.Equal(["name", "contribution", "observed", "expected"], root.GetProperty("topFeatures")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(412, root.GetProperty("topFeatures")[0].GetProperty("observed").GetDouble());
        Assert.Equal(3, root.GetProperty("topFeatures")[0].GetProperty("expected").GetDouble());
    }

    [Fact]
    public async Task Submit_Alert_ObserversSeeItLedShowsAlertThenRunning()
    {
        await _indicator.StartAsync(CancellationToken.None);
        new IndicatorDeliveryObserver(_indicator).OnConnectionChanged("mqtt", connected: true);
        Assert.Equal(IndicatorState.Running, _led.State);

        _intake.Submit(TestAlerts.Create(1));

        Assert.Equal(IndicatorState.Alert, _led.State);
        Assert.Equal(1, _metrics.AlertsAccepted);
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(IndicatorState.Running, _led.State);
    }

    [Fact]
    public void Submit_NonFiniteScore_ThrowsAndStoresNothing()
    {
        Alert alert = TestAlerts.Create(1) with { Score = double.NaN };

        Assert.Throws<ArgumentException>(() => _intake.Submit(alert));
        Assert.Equal(0, _outbox.Count);
        Assert.Equal(0, _metrics.AlertsAccepted);
    }
}
