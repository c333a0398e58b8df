namespace EdgeLstm.EdgeAgent.Delivery;

/// <summary>How the <see cref="DeliveryCoordinator"/> paces one transport.</summary>
/// <param name="MaxConcurrency">How many deliveries may await their acknowledgement at once.</param>
/// <param name="RefusedRetry">How long an alert the receiver refused waits before it is offered again.</param>
/// <param name="FailureMinDelay">The first pause after a delivery that could not reach the receiver.</param>
/// <param name="FailureMaxDelay">The longest such pause (the backoff doubles up to it, with jitter).</param>
internal sealed record DeliveryPolicy(int MaxConcurrency, TimeSpan RefusedRetry, TimeSpan FailureMinDelay, TimeSpan FailureMaxDelay);
