namespace EdgeLstm.EdgeAgent.Delivery;

/// <summary>The result of one delivery attempt.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Reason">Why it was refused or failed, for the log and the status topic; empty when delivered.</param>
internal readonly record struct DeliveryResult(DeliveryOutcome Outcome, string Reason)
{
    /// <summary>Gets the result of an acknowledged delivery.</summary>
    public static DeliveryResult Delivered => new(DeliveryOutcome.Delivered, string.Empty);

    /// <summary>Creates the result of a refusal.</summary>
    /// <param name="reason">The receiver's reason.</param>
    /// <returns>The result.</returns>
    public static DeliveryResult Refused(string reason) => new(DeliveryOutcome.Refused, reason);

    /// <summary>Creates the result of a delivery that did not reach the receiver.</summary>
    /// <param name="reason">The error.</param>
    /// <returns>The result.</returns>
    public static DeliveryResult Failed(string reason) => new(DeliveryOutcome.Failed, reason);
}
