namespace EdgeLstm.EdgeAgent.Mqtt;

/// <summary>The agent's MQTT session: publishes while connected; <see cref="MqttConnection"/> reconnects by itself.</summary>
internal interface IMqttConnection
{
    /// <summary>Gets a value indicating whether the broker connection is up.</summary>
    bool IsConnected { get; }

    /// <summary>Gets a task that completes when the broker first accepts the connection.</summary>
    Task FirstConnection { get; }

    /// <summary>Waits until the broker connection is up.</summary>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>A task that completes when connected.</returns>
    Task WaitConnectedAsync(CancellationToken cancellationToken);

    /// <summary>Publishes a message and, for QoS 1, waits for the broker's PUBACK.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="payload">The payload, sent byte for byte.</param>
    /// <param name="qos">The quality of service.</param>
    /// <param name="retain">Whether the broker keeps it as the topic's retained message.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The broker's answer: reason code 0x80 and above is a refusal (MQTT 5; MQTT 3.1.1 brokers acknowledge everything).</returns>
    /// <exception cref="MqttException">Not connected, or the connection was lost before the acknowledgement.</exception>
    Task<MqttPublishOutcome> PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQos qos, bool retain, CancellationToken cancellationToken);
}
