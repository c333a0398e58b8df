namespace EdgeLstm.EdgeAgent.Mqtt;

/// <summary>What happened on an MQTT connection.</summary>
internal enum PublisherEventKind
{
    /// <summary>The broker accepted the connection.</summary>
    Connected,

    /// <summary>The connection was lost or refused; the client keeps retrying.</summary>
    Disconnected,

    /// <summary>The broker acknowledged a publish (PUBACK for QoS 1, sent for QoS 0).</summary>
    Published,
}
