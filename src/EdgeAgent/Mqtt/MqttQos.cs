namespace EdgeLstm.EdgeAgent.Mqtt;

/// <summary>MQTT quality of service levels used by the agent.</summary>
internal enum MqttQos
{
    /// <summary>At most once (metrics).</summary>
    AtMostOnce = 0,

    /// <summary>At least once (alerts and status).</summary>
    AtLeastOnce = 1,
}
