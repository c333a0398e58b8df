namespace EdgeLstm.EdgeAgent.Mqtt;

/// <summary>An MQTT publish or connection failed; the message says why.</summary>
public sealed class MqttException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="MqttException"/> class.</summary>
    public MqttException()
        : this("An MQTT call failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MqttException"/> class.</summary>
    /// <param name="message">The message.</param>
    public MqttException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MqttException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public MqttException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
