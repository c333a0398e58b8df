using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Indicator;
using EdgeLstm.EdgeAgent.Mqtt;
using EdgeLstm.EdgeAgent.Outbox;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>The agent's alert path with the real libmosquitto client: outbox, publisher, dispatcher.</summary>
internal sealed class AgentStack : IAsyncDisposable
{
    private readonly IndicatorController _indicator;

    private AgentStack(JournalOutbox outbox, MosquittoPublisher publisher, AlertDispatcher dispatcher, IndicatorController indicator)
    {
        _indicator = indicator;
        Outbox = outbox;
        Publisher = publisher;
        Dispatcher = dispatcher;
    }

    public JournalOutbox Outbox { get; }

    public MosquittoPublisher Publisher { get; }

    public AlertDispatcher Dispatcher { get; }

    public static async Task<AgentStack> StartAsync(int port, string outboxDirectory, ListLoggerProvider logs, MqttProtocol protocol = MqttProtocol.V5, string deviceId = "gw1", Action<MqttOptions>? configure = null)
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
        var outbox = new JournalOutbox(Options.Create(new OutboxOptions { Directory = outboxDirectory }), logs.CreateLogger<JournalOutbox>());
        var publisher = new MosquittoPublisher(mqtt, agent, status, logs.CreateLogger<MosquittoPublisher>());
        var indicator = new IndicatorController(new NullStatusIndicator(), Options.Create(new StatusIndicatorOptions()), TimeProvider.System);
        var dispatcher = new AlertDispatcher(outbox, publisher, agent, status, indicator, TimeProvider.System, logs.CreateLogger<AlertDispatcher>());
        await dispatcher.StartAsync(CancellationToken.None);
        return new AgentStack(outbox, publisher, dispatcher, indicator);
    }

    public async ValueTask DisposeAsync()
    {
        await Dispatcher.StopAsync(CancellationToken.None);
        Dispatcher.Dispose();
        Publisher.Dispose();
        Outbox.Dispose();
        _indicator.Dispose();
    }
}
