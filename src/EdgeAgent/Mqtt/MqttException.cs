namespace EdgeLstm.EdgeAgent.Mqtt;

/// <summary>An MQTT client call failed; the message names the call and the library's reason.</summary>
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
        Call = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="MqttException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public MqttException(string message, Exception innerException)
        : base(message, innerException)
    {
        Call = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="MqttException"/> class for a failed library call.</summary>
    /// <param name="call">The function that failed, for example <c>mosquitto_publish</c>.</param>
    /// <param name="errorCode">The library's error code.</param>
    /// <param name="reason">The library's description of the error.</param>
    public MqttException(string call, int errorCode, string reason)
        : base($"{call} failed: {reason} (error {errorCode}).")
    {
        Call = call;
        ErrorCode = errorCode;
    }

    /// <summary>Gets the function that failed.</summary>
    public string Call { get; }

    /// <summary>Gets the library's error code.</summary>
    public int ErrorCode { get; }
}
