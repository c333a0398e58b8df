using EdgeLstm.EdgeAgent.Alerts;

namespace EdgeLstm.EdgeAgent.Mqtt;

/// <summary>Log messages of the MQTT client and the alert dispatcher; event ids 2000-2099 are stable.</summary>
internal static partial class MqttLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Connecting to MQTT broker {Host}:{Port} as {ClientId} (MQTT {Protocol}, TLS {Tls})")]
    public static partial void Connecting(ILogger logger, string host, int port, string clientId, string protocol, bool tls);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Connected to the MQTT broker; {Pending} alerts to send")]
    public static partial void Connected(ILogger logger, int pending);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "MQTT connection lost or refused ({Reason}); retrying with backoff, alerts stay in the outbox")]
    public static partial void Disconnected(ILogger logger, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Cannot connect to the MQTT broker {Host}:{Port} ({Reason}); retrying with backoff in the background, alerts wait in the outbox")]
    public static partial void FirstConnectFailed(ILogger logger, string host, int port, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "The broker refused alert {AlertId} ({Reason}); it stays in the outbox and is sent again on the next connection")]
    public static partial void AlertRefused(ILogger logger, Guid alertId, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Publishing alert {AlertId} failed; it stays in the outbox")]
    public static partial void PublishFailed(ILogger logger, Guid alertId, Exception exception);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "Alert {AlertId} acknowledged by the broker")]
    public static partial void AlertAcknowledged(ILogger logger, Guid alertId);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Publishing on {Topic} failed")]
    public static partial void StatusPublishFailed(ILogger logger, string topic, Exception exception);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Alert {AlertId} stored in the outbox ({Severity}, entity {Entity}, score {Score})")]
    public static partial void AlertQueued(ILogger logger, Guid alertId, AlertSeverity severity, string entity, double score);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "No connection to the MQTT broker {Host}:{Port} after {Seconds} s; detection goes on, alerts wait in the outbox and the client keeps retrying (Mqtt:StartupFailure is Retry)")]
    public static partial void StartupRetrying(ILogger logger, string host, int port, int seconds);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Error, Message = "No connection to the MQTT broker {Host}:{Port} within {Seconds} s; stopping with exit code {ExitCode} (Mqtt:StartupFailure is Exit)")]
    public static partial void StartupGivingUp(ILogger logger, string host, int port, int seconds, int exitCode);
}
