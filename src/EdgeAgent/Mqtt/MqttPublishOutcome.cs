namespace EdgeLstm.EdgeAgent.Mqtt;

/// <summary>The broker's answer to a publish.</summary>
/// <param name="ReasonCode">The PUBACK reason code (MQTT 5); 0 for success and for every MQTT 3.1.1 acknowledgement.</param>
/// <param name="ReasonName">The reason code's name, for example <c>NotAuthorized</c>.</param>
/// <param name="ReasonString">The broker's reason string, when it sent one.</param>
internal readonly record struct MqttPublishOutcome(int ReasonCode, string ReasonName, string? ReasonString)
{
    /// <summary>Gets a value indicating whether the broker refused the message (reason code 0x80 or above).</summary>
    public bool IsRefused => ReasonCode >= 0x80;

    /// <summary>Describes the refusal, for example <c>NotAuthorized (0x87)</c>.</summary>
    /// <returns>The description.</returns>
    public string Describe() =>
        string.IsNullOrEmpty(ReasonString) ? $"{ReasonName} (0x{ReasonCode:X2})" : $"{ReasonName} (0x{ReasonCode:X2}): {ReasonString}";
}
