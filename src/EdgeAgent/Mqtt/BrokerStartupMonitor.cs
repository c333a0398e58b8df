using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Hosting;
using EdgeLstm.EdgeAgent.Indicator;
using EdgeLstm.EdgeAgent.Systemd;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Mqtt;

/// <summary>Applies <see cref="MqttOptions.StartupFailure"/> when the broker is not reached within
/// <see cref="MqttOptions.StartupTimeoutSeconds"/>, and shows the broker state in <c>systemctl status</c>.</summary>
internal sealed class BrokerStartupMonitor : BackgroundService
{
    private readonly MqttOptions _options;
    private readonly IMqttConnection _connection;
    private readonly SystemdNotifier _notifier;
    private readonly IndicatorController _indicator;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="BrokerStartupMonitor"/> class.</summary>
    /// <param name="options">The broker options.</param>
    /// <param name="connection">The MQTT session, which reports the first connection.</param>
    /// <param name="notifier">The systemd notifier, for the STATUS line.</param>
    /// <param name="indicator">The status indicator, which beeps once when the broker is still unreachable.</param>
    /// <param name="lifetime">The host lifetime, stopped when the policy is Exit.</param>
    /// <param name="timeProvider">The clock of the timeout.</param>
    /// <param name="logger">The logger.</param>
    public BrokerStartupMonitor(
        IOptions<MqttOptions> options,
        IMqttConnection connection,
        SystemdNotifier notifier,
        IndicatorController indicator,
        IHostApplicationLifetime lifetime,
        TimeProvider timeProvider,
        ILogger<BrokerStartupMonitor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(indicator);
        ArgumentNullException.ThrowIfNull(lifetime);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _connection = connection;
        _notifier = notifier;
        _indicator = indicator;
        _lifetime = lifetime;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string broker = $"{_options.Host}:{_options.Port}";
        try
        {
            await _connection.FirstConnection.WaitAsync(TimeSpan.FromSeconds(_options.StartupTimeoutSeconds), _timeProvider, stoppingToken).ConfigureAwait(false);
            TryNotifyStatus($"Connected to MQTT broker {broker}");
            return;
        }
        catch (TimeoutException)
        {
        }

        if (_options.StartupFailure == MqttStartupFailure.Exit)
        {
            MqttLog.StartupGivingUp(_logger, _options.Host, _options.Port, _options.StartupTimeoutSeconds, AgentHost.BrokerUnavailableExitCode);
            Environment.ExitCode = AgentHost.BrokerUnavailableExitCode;
            _lifetime.StopApplication();
            return;
        }

        MqttLog.StartupRetrying(_logger, _options.Host, _options.Port, _options.StartupTimeoutSeconds);
        _indicator.NotifyBrokerUnreachableAtStart();
        TryNotifyStatus($"No MQTT broker at {broker} yet; retrying, alerts wait in the outbox");
        await _connection.FirstConnection.WaitAsync(stoppingToken).ConfigureAwait(false);
        TryNotifyStatus($"Connected to MQTT broker {broker}");
    }

    private void TryNotifyStatus(string status)
    {
        try
        {
            _ = _notifier.Notify("STATUS=" + status);
        }
        catch (System.Net.Sockets.SocketException)
        {
            // systemd's status line is a courtesy; the log has the same news.
        }
    }
}
