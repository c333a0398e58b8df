namespace EdgeLstm.EdgeAgent.Mqtt;

/// <summary>Retained messages the connection publishes after every connect, after the online status (Home Assistant
/// discovery); registered as an enumerable service.</summary>
internal interface IMqttAnnouncements
{
    /// <summary>Gets the messages to publish, retained at QoS 1; empty when the feature is off.</summary>
    /// <returns>The topic and payload of each message.</returns>
    IReadOnlyList<(string Topic, byte[] Payload)> GetAnnouncements();
}
