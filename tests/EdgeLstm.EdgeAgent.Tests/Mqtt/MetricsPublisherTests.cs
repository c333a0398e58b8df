using System.Text.Json;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Delivery;
using EdgeLstm.EdgeAgent.Indicator;
using EdgeLstm.EdgeAgent.Mqtt;
using EdgeLstm.EdgeAgent.Outbox;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeLstm.EdgeAgent.Tests.Mqtt;

public sealed class MetricsPublisherTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeLogCollector _logs = new();
    private readonly FakeMqttConnection _connection = new();
    private readonly DeliveryMetrics _delivery = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly AgentCounters _counters = new();
    private readonly JournalOutbox _outbox;

    public MetricsPublisherTests()
    {
        _outbox = new JournalOutbox(Options.Create(new OutboxOptions { Directory = _temp.Combine("outbox") }), new FakeLogger<JournalOutbox>(_logs));
    }

    public void Dispose()
    {
        _outbox.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void Sample_AfterInterval_ReportsRatesCountersOutboxAndTemperature()
    {
        string temperature = _temp.Combine("temp");
        File.WriteAllText(temperature, "48312\n");
        using MetricsPublisher metrics = Create(temperature);
        _outbox.Append(new OutboxEntry(Guid.CreateVersion7(), "{}"u8.ToArray()));
        _ = metrics.Sample();

        _counters.AddPackets(5000);
        _counters.AddWindows(20);
        _counters.AddCaptureDrops(3);
        _counters.SetLibpcapDrops(4);
        _counters.SetLibpcapDrops(5); // libpcap's count is a running total, not an increment
        _counters.SetMalformed(7);
        _counters.SetHostsTracked(42);
        _delivery.OnAlertAccepted(TestAlerts.Create(1));
        _delivery.OnAlertAccepted(TestAlerts.Create(2));
        _time.Advance(TimeSpan.FromSeconds(10));
        MetricsMessage message = metrics.Sample();

        Assert.Equal(500.0, message.PacketsPerSecond);
        Assert.Equal(2.0, message.WindowsPerSecond);
        Assert.Equal(3 + 5, message.Drops);
        Assert.Equal(7, message.Malformed);
        Assert.Equal(42, message.HostsTracked);
        Assert.Equal(1, message.OutboxDepth);
        Assert.Equal(2, message.Alerts);
        Assert.Equal(48.312, message.CpuTemperatureCelsius);
    }

    [Fact]
    public void Sample_NoThermalZone_ReportsNullTemperature()
    {
        using MetricsPublisher metrics = Create(_temp.Combine("absent"));

        Assert.Null(metrics.Sample().CpuTemperatureCelsius);
    }

    [Fact]
    public async Task ExecuteAsync_Connected_PublishesMetricsAtQos0EveryInterval()
    {
        using MetricsPublisher metrics = Create(string.Empty);
        _connection.Connect();
        await metrics.StartAsync(CancellationToken.None);

        Assert.True(await Eventually.TrueAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(30));
            return _connection.Published.Any(m => m.Topic == "edgelstm/gw1/metrics");
        }));
        await metrics.StopAsync(CancellationToken.None);

        PublishedMessage message = _connection.Published.First(m => m.Topic == "edgelstm/gw1/metrics");
        Assert.Equal((MqttQos.AtMostOnce, false), (message.Qos, message.Retain));
        using JsonDocument json = JsonDocument.Parse(message.Payload);
        Assert.Equal(
            ["time", "packetsPerSecond", "windowsPerSecond", "drops", "malformed", "hostsTracked", "hostsEvicted", "hostsWithHistoryEvicted", "aggregated", "aggregatedToOverflow", "filtered", "outboxDepth", "outboxDropped", "alerts", "cpuTemperatureCelsius", "outboxInMemory", "outboxCorruptRegions"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
    }

    private MetricsPublisher Create(string temperatureFile) => new(
        _counters,
        _outbox,
        _connection,
        _delivery,
        Options.Create(new MetricsOptions { IntervalSeconds = 30, TemperatureFile = temperatureFile }),
        Options.Create(new AgentOptions { DeviceId = "gw1" }),
        _time,
        new FakeLogger<MetricsPublisher>(_logs));
}
