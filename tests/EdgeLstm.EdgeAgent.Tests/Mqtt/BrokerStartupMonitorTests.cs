using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Indicator;
using EdgeLstm.EdgeAgent.Mqtt;
using EdgeLstm.EdgeAgent.Outbox;
using EdgeLstm.EdgeAgent.Systemd;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeLstm.EdgeAgent.Tests.Mqtt;

/// <summary>The retry policy for a broker that is down at boot (the exit policy is tested through the agent process,
/// since it sets the process's exit code).</summary>
public sealed class BrokerStartupMonitorTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeLogCollector _logs = new();
    private readonly FakeMqttConnection _connection = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly NullStatusIndicator _led = new();
    private readonly RecordingBuzzer _buzzer = new();
    private readonly StoppingLifetime _lifetime = new();
    private readonly IndicatorController _indicator;
    private readonly BrokerStartupMonitor _monitor;

    public BrokerStartupMonitorTests()
    {
        _indicator = new IndicatorController(_led, Options.Create(new StatusIndicatorOptions()), _time, _buzzer);
        _monitor = new BrokerStartupMonitor(
            Options.Create(new MqttOptions { Host = "broker.lan", Port = 1883, StartupTimeoutSeconds = 30, StartupFailure = MqttStartupFailure.Retry }),
            _connection,
            new SystemdNotifier(notifySocket: null, watchdogInterval: null),
            _indicator,
            _lifetime,
            _time,
            new FakeLogger<BrokerStartupMonitor>(_logs));
    }

    public void Dispose()
    {
        _monitor.Dispose();
        _indicator.Dispose();
        _led.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Retry_BrokerStillDownAfterTheTimeout_WarnsNamingTheBrokerBeepsOnceAndKeepsRunning()
    {
        await _indicator.StartAsync(CancellationToken.None);
        await _monitor.StartAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(_buzzer.Sounded);

        Assert.True(await Eventually.TrueAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return _buzzer.Sounded.Count > 0;
        }), "no sound when the start-up wait ended");
        await _monitor.StopAsync(CancellationToken.None);

        Assert.Equal([BuzzerPattern.Fault], _buzzer.Sounded);
        Assert.Contains(_logs.GetSnapshot(), e => e.Id.Id == 2010 && e.Message.Contains("broker.lan:1883", StringComparison.Ordinal));
        Assert.False(_lifetime.StopRequested);
    }
}
