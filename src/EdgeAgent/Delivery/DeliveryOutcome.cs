namespace EdgeLstm.EdgeAgent.Delivery;

/// <summary>What became of one delivery attempt.</summary>
internal enum DeliveryOutcome
{
    /// <summary>The receiver acknowledged the alert.</summary>
    Delivered,

    /// <summary>The receiver answered and refused the alert (MQTT 5 PUBACK reason code, HTTP 4xx); it is offered again on a schedule.</summary>
    Refused,

    /// <summary>The receiver was not reached or did not answer (connection lost, timeout, HTTP 5xx); retried with backoff.</summary>
    Failed,
}
