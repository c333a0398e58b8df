using System.Threading.Channels;

namespace EdgeLstm.EdgeAgent.Mqtt;

/// <summary>An MQTT client connection that publishes and reports acknowledgements by message id.</summary>
/// <remarks>
/// The implementation keeps reconnecting (with backoff) after <see cref="Start"/> until
/// <see cref="Stop"/>. A QoS 1 message accepted by <see cref="Publish"/> is re-sent by the client after
/// a reconnect; its <see cref="PublisherEventKind.Published"/> event is the broker's acknowledgement.
/// </remarks>
internal interface IAlertPublisher : IDisposable
{
    /// <summary>Gets the connection's events, in the order they happened.</summary>
    ChannelReader<PublisherEvent> Events { get; }

    /// <summary>Starts connecting in the background; returns at once.</summary>
    /// <exception cref="MqttException">The client could not be configured or started.</exception>
    /// <exception cref="Configuration.SettingRejectedException">The TLS library refused the configured certificate or key files.</exception>
    void Start();

    /// <summary>Queues a message.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="payload">The payload.</param>
    /// <param name="qos">The quality of service.</param>
    /// <param name="retain">Whether the broker keeps it as the topic's retained message.</param>
    /// <returns>The message id its <see cref="PublisherEventKind.Published"/> event will carry.</returns>
    /// <exception cref="MqttException">The client refused the message (for example, not connected).</exception>
    int Publish(string topic, ReadOnlySpan<byte> payload, MqttQos qos, bool retain);

    /// <summary>Disconnects cleanly (no last will) and stops reconnecting.</summary>
    void Stop();
}
