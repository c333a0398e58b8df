namespace EdgeLstm.EdgeAgent.Configuration;

/// <summary>The MQTT protocol versions the agent speaks.</summary>
internal enum MqttProtocol
{
    /// <summary>MQTT 5.0.</summary>
    V5,

    /// <summary>MQTT 3.1.1.</summary>
    V311,
}
