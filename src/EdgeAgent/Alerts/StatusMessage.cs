namespace EdgeLstm.EdgeAgent.Alerts;

/// <summary>The retained message on the status topic.</summary>
/// <param name="State">Online, or offline (also the last will).</param>
/// <param name="DeviceId">The device id.</param>
/// <param name="Version">The agent version.</param>
/// <param name="Model">The id of the running model, or null before one is loaded.</param>
/// <param name="UptimeSeconds">Seconds since the agent started; null in the last will, which is written at connect time.</param>
/// <param name="Time">When the message was made.</param>
/// <param name="ModelError">Why the last new model file was refused while the running model stays; null when none was.</param>
/// <param name="DeliveryError">Why a transport refuses alerts (they stay in the outbox and are retried); null when none does.</param>
/// <param name="OutboxFault">Why the outbox journal cannot be written (alerts are then held in memory until it can); null when it can.</param>
/// <param name="Threshold">The alert threshold in use and whether it is the model's, being learnt or learnt on this site; null before a model is loaded.</param>
internal sealed record StatusMessage(
    StatusState State,
    string DeviceId,
    string Version,
    string? Model,
    long? UptimeSeconds,
    DateTimeOffset Time,
    string? ModelError = null,
    string? DeliveryError = null,
    string? OutboxFault = null,
    ThresholdStatus? Threshold = null);
