using System.Globalization;
using System.Text.Json;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Delivery;
using EdgeLstm.EdgeAgent.Outbox;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Mqtt;

/// <summary>Publishes the agent's health on the metrics topic (QoS 0) every <see cref="MetricsOptions.IntervalSeconds"/>.</summary>
internal sealed class MetricsPublisher : BackgroundService
{
    private readonly AgentCounters _counters;
    private readonly IAlertOutbox _outbox;
    private readonly IMqttConnection _connection;
    private readonly DeliveryMetrics _delivery;
    private readonly MetricsOptions _options;
    private readonly string _topic;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private long _lastPackets;
    private long _lastWindows;
    private long _lastTimestamp;

    /// <summary>Initializes a new instance of the <see cref="MetricsPublisher"/> class.</summary>
    /// <param name="counters">The pipeline counters.</param>
    /// <param name="outbox">The outbox, for its depth.</param>
    /// <param name="connection">The MQTT session.</param>
    /// <param name="delivery">The alert counts, observed on the alert path.</param>
    /// <param name="options">The metrics options.</param>
    /// <param name="agentOptions">The agent identity, for the topic.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    public MetricsPublisher(
        AgentCounters counters,
        IAlertOutbox outbox,
        IMqttConnection connection,
        DeliveryMetrics delivery,
        IOptions<MetricsOptions> options,
        IOptions<AgentOptions> agentOptions,
        TimeProvider timeProvider,
        ILogger<MetricsPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(agentOptions);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _counters = counters;
        _outbox = outbox;
        _connection = connection;
        _delivery = delivery;
        _options = options.Value;
        _topic = MqttTopics.From(agentOptions.Value).Metrics;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Samples the counters into a metrics message; rates are over the time since the previous sample.</summary>
    /// <returns>The message.</returns>
    public MetricsMessage Sample()
    {
        long now = _timeProvider.GetTimestamp();
        double seconds = _lastTimestamp == 0 ? 0 : _timeProvider.GetElapsedTime(_lastTimestamp, now).TotalSeconds;
        long packets = _counters.Packets;
        long windows = _counters.Windows;
        double packetRate = seconds > 0 ? (packets - _lastPackets) / seconds : 0;
        double windowRate = seconds > 0 ? (windows - _lastWindows) / seconds : 0;
        (_lastPackets, _lastWindows, _lastTimestamp) = (packets, windows, now);

        OutboxHealth? health = (_outbox as IOutboxHealth)?.Health;
        return new MetricsMessage(
            _timeProvider.GetUtcNow(),
            Math.Round(packetRate, 1),
            Math.Round(windowRate, 2),
            _counters.CaptureDrops,
            _counters.Malformed,
            _counters.HostsTracked,
            _counters.HostsEvicted,
            _counters.HostsWithHistoryEvicted,
            _counters.PacketsAggregated,
            _counters.PacketsToOverflow,
            _counters.AddressesFiltered,
            _outbox.Count,
            _outbox.DroppedCount,
            _delivery.AlertsAccepted,
            ReadTemperature(_options.TemperatureFile),
            health?.InMemory ?? 0,
            health?.CorruptRegions ?? 0);
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.IntervalSeconds == 0)
        {
            return;
        }

        _ = Sample();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.IntervalSeconds), _timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            MetricsMessage message = Sample();
            if (!_connection.IsConnected)
            {
                continue;
            }

            try
            {
                _ = await _connection.PublishAsync(_topic, JsonSerializer.SerializeToUtf8Bytes(message, AgentJsonContext.Default.MetricsMessage), MqttQos.AtMostOnce, retain: false, stoppingToken).ConfigureAwait(false);
            }
            catch (MqttException exception)
            {
                MqttLog.StatusPublishFailed(_logger, _topic, exception.Message);
            }
        }
    }

    private static double? ReadTemperature(string path)
    {
        // The kernel reports millidegrees Celsius; boards without a thermal zone simply have no file.
        try
        {
            return path.Length > 0 && File.Exists(path) &&
                long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long milli)
                ? milli / 1000.0
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
