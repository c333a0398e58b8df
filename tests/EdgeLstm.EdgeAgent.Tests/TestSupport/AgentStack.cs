using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Delivery;
using EdgeLstm.EdgeAgent.Indicator;
using EdgeLstm.EdgeAgent.Mqtt;
using EdgeLstm.EdgeAgent.Outbox;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>The agent's alert path with the real MQTTnet session: outbox, intake, MQTT connection and transport, coordinator.</summary>
internal sealed class AgentStack : IAsyncDisposable
{
    private readonly IndicatorController _indicator;
    private readonly IAlertTransport[] _extraTransports;

    private AgentStack(JournalOutbox outbox, MqttConnection connection, DeliveryCoordinator coordinator, AlertIntake intake, AgentStatus status, IndicatorController indicator, IAlertTransport[] extraTransports)
    {
        _indicator = indicator;
        _extraTransports = extraTransports;
        Outbox = outbox;
        Connection = connection;
        Coordinator = coordinator;
        Intake = intake;
        Status = status;
    }

    public JournalOutbox Outbox { get; }

    public MqttConnection Connection { get; }

    public DeliveryCoordinator Coordinator { get; }

    public AlertIntake Intake { get; }

    public AgentStatus Status { get; }

    public static async Task<AgentStack> StartAsync(
        int port,
        string outboxDirectory,
        FakeLogCollector logs,
        MqttProtocol protocol = MqttProtocol.V5,
        string deviceId = "gw1",
        Action<MqttOptions>? configure = null,
        IEnumerable<IMqttAnnouncements>? announcements = null,
        Func<DeliveryEvents, IAlertTransport[]>? extraTransports = null)
    {
        IOptions<AgentOptions> agent = Options.Create(new AgentOptions { DeviceId = deviceId });
        IOptions<MqttOptions> mqtt = Options.Create(new MqttOptions
        {
            Host = "127.0.0.1",
            Port = port,
            Protocol = protocol,
            ReconnectMinDelaySeconds = 1,
            ReconnectMaxDelaySeconds = 2,
        });
        configure?.Invoke(mqtt.Value);
        var status = new AgentStatus(agent, TimeProvider.System);
        var outbox = new JournalOutbox(Options.Create(new OutboxOptions { Directory = outboxDirectory }), new FakeLogger<JournalOutbox>(logs));
        var indicator = new IndicatorController(new NullStatusIndicator(), Options.Create(new StatusIndicatorOptions()), TimeProvider.System);
        var events = new DeliveryEvents([new IndicatorDeliveryObserver(indicator)], new FakeLogger<DeliveryEvents>(logs));
        var connection = new MqttConnection(mqtt, agent, status, announcements ?? [], events, TimeProvider.System, new FakeLogger<MqttConnection>(logs));
        IAlertTransport[] extra = extraTransports?.Invoke(events) ?? [];
        var coordinator = new DeliveryCoordinator(outbox, [new MqttAlertTransport(connection, mqtt, agent), .. extra], status, TimeProvider.System, new FakeLogger<DeliveryCoordinator>(logs));
        var intake = new AlertIntake(outbox, coordinator, events, new FakeLogger<AlertIntake>(logs));
        await connection.StartAsync(CancellationToken.None);
        await coordinator.StartAsync(CancellationToken.None);
        return new AgentStack(outbox, connection, coordinator, intake, status, indicator, extra);
    }

    public async ValueTask DisposeAsync()
    {
        await Coordinator.StopAsync(CancellationToken.None);
        await Connection.StopAsync(CancellationToken.None);
        Coordinator.Dispose();
        Connection.Dispose();
        foreach (IDisposable transport in _extraTransports.OfType<IDisposable>())
        {
            transport.Dispose();
        }

        Outbox.Dispose();
        _indicator.Dispose();
    }
}
