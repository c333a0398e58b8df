namespace EdgeLstm.EdgeAgent.Configuration;

/// <summary>What the agent does when it cannot reach the broker within <see cref="MqttOptions.StartupTimeoutSeconds"/> of
/// starting (in the spirit of Telegraf's <c>startup_error_behavior</c>).</summary>
internal enum MqttStartupFailure
{
    /// <summary>Warn and keep retrying with backoff; detection runs and alerts wait in the outbox (the default).</summary>
    Retry,

    /// <summary>Stop with exit code 69 (EX_UNAVAILABLE), for deployments that want the service manager to act.</summary>
    Exit,
}
