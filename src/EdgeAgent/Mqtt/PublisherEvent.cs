namespace EdgeLstm.EdgeAgent.Mqtt;

/// <summary>An event from an <see cref="IAlertPublisher"/>.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="MessageId">The message id of a <see cref="PublisherEventKind.Published"/> event; 0 otherwise.</param>
/// <param name="ReasonCode">The MQTT reason or return code; 0 is success, 0x80 and above a refusal (MQTT 5).</param>
internal readonly record struct PublisherEvent(PublisherEventKind Kind, int MessageId, int ReasonCode)
{
    /// <summary>Gets a value indicating whether the reason code reports a failure.</summary>
    public bool IsFailure => Kind == PublisherEventKind.Published ? ReasonCode >= 0x80 : ReasonCode != 0;
}
