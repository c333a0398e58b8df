using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Delivery;
using EdgeLstm.EdgeAgent.Outbox;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Mqtt;

/// <summary>Delivers alerts to the alerts topic at QoS 1; the broker's PUBACK is the acknowledgement.</summary>
/// <remarks>A PUBACK reason code of 0x80 or above (MQTT 5: NotAuthorized 0x87 from an ACL, QuotaExceeded 0x97, ...) is a
/// refusal; a lost connection before the PUBACK is a failure, and the alert is published again after the reconnect with
/// its id. MQTT 3.1.1 has no way to refuse: mosquitto acknowledges and drops a message its ACL forbids.</remarks>
internal sealed class MqttAlertTransport : IAlertTransport
{
    private readonly IMqttConnection _connection;
    private readonly string _topic;

    /// <summary>Initializes a new instance of the <see cref="MqttAlertTransport"/> class.</summary>
    /// <param name="connection">The MQTT session.</param>
    /// <param name="mqttOptions">The broker options, for the pacing.</param>
    /// <param name="agentOptions">The agent identity, for the topic.</param>
    public MqttAlertTransport(IMqttConnection connection, IOptions<MqttOptions> mqttOptions, IOptions<AgentOptions> agentOptions)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(mqttOptions);
        ArgumentNullException.ThrowIfNull(agentOptions);
        _connection = connection;
        _topic = MqttTopics.From(agentOptions.Value).Alerts;
        MqttOptions options = mqttOptions.Value;
        Policy = new DeliveryPolicy(
            options.MaxInflight,
            TimeSpan.FromSeconds(options.RefusedRetrySeconds),
            TimeSpan.FromSeconds(options.ReconnectMinDelaySeconds),
            TimeSpan.FromSeconds(options.ReconnectMaxDelaySeconds));
    }

    /// <inheritdoc/>
    public string Name => MqttConnection.TransportName;

    /// <inheritdoc/>
    public bool IsEnabled => true;

    /// <inheritdoc/>
    public DeliveryPolicy Policy { get; }

    /// <inheritdoc/>
    public Task WaitUntilReadyAsync(CancellationToken cancellationToken) => _connection.WaitConnectedAsync(cancellationToken);

    /// <inheritdoc/>
    public async Task<DeliveryResult> DeliverAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            MqttPublishOutcome outcome = await _connection.PublishAsync(_topic, entry.Payload, MqttQos.AtLeastOnce, retain: false, cancellationToken).ConfigureAwait(false);
            return outcome.IsRefused ? DeliveryResult.Refused(outcome.Describe()) : DeliveryResult.Delivered;
        }
        catch (MqttException exception)
        {
            return DeliveryResult.Failed(exception.Message);
        }
    }
}
