using EdgeLstm.EdgeAgent.Alerts;

namespace EdgeLstm.EdgeAgent.Mqtt;

/// <summary>Log messages of the alert path: MQTT session 2000-2019, delivery 2020-2039, webhook 2040-2059, Home Assistant
/// discovery 2060-2079 (registered in <see cref="LogEvents"/>).</summary>
internal static partial class MqttLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Connecting to MQTT broker {Host}:{Port} as {ClientId} (MQTT {Protocol}, TLS {Tls})")]
    public static partial void Connecting(ILogger logger, string host, int port, string clientId, string protocol, bool tls);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Connected to the MQTT broker {Host}:{Port}")]
    public static partial void Connected(ILogger logger, string host, int port);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "MQTT connection lost ({Reason}); reconnecting with backoff, alerts stay in the outbox")]
    public static partial void Disconnected(ILogger logger, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Cannot connect to the MQTT broker {Host}:{Port} ({Reason}); retrying in {DelaySeconds:0.0} s, alerts wait in the outbox")]
    public static partial void ConnectFailed(ILogger logger, string host, int port, string reason, double delaySeconds);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Transport {Transport} refused alert {AlertId} ({Reason}); it stays in the outbox and is offered again every {RetrySeconds} s; further refusals of this episode are logged at debug level")]
    public static partial void AlertRefused(ILogger logger, Guid alertId, string transport, string reason, int retrySeconds);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Delivering alert {AlertId} through {Transport} failed ({Reason}); it stays in the outbox and is sent again")]
    public static partial void DeliveryFailed(ILogger logger, Guid alertId, string transport, string reason);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "Alert {AlertId} acknowledged by every transport; removed from the outbox")]
    public static partial void AlertAcknowledged(ILogger logger, Guid alertId);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Publishing on {Topic} failed ({Reason})")]
    public static partial void StatusPublishFailed(ILogger logger, string topic, string reason);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Alert {AlertId} stored in the outbox ({Severity}, entity {Entity}, score {Score})")]
    public static partial void AlertQueued(ILogger logger, Guid alertId, AlertSeverity severity, string entity, double score);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Debug, Message = "Alert {AlertId} delivered through {Transport}")]
    public static partial void AlertDelivered(ILogger logger, Guid alertId, string transport);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "No connection to the MQTT broker {Host}:{Port} after {Seconds} s; detection goes on, alerts wait in the outbox and the client keeps retrying (Mqtt:StartupFailure is Retry)")]
    public static partial void StartupRetrying(ILogger logger, string host, int port, int seconds);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Error, Message = "No connection to the MQTT broker {Host}:{Port} within {Seconds} s; stopping with exit code {ExitCode} (Mqtt:StartupFailure is Exit)")]
    public static partial void StartupGivingUp(ILogger logger, string host, int port, int seconds, int exitCode);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Debug, Message = "Still cannot connect to the MQTT broker {Host}:{Port} ({Reason}); retrying in {DelaySeconds:0.0} s")]
    public static partial void ConnectFailedAgain(ILogger logger, string host, int port, string reason, double delaySeconds);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Warning, Message = "The broker refused the retained message on {Topic} ({Reason})")]
    public static partial void StatusRefused(ILogger logger, string topic, string reason);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Error, Message = "The MQTT session loop failed; it reconnects after the backoff, alerts stay in the outbox")]
    public static partial void SessionFault(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Information, Message = "Transport {Transport} accepts alerts again; the refused ones were delivered")]
    public static partial void RefusalsOver(ILogger logger, string transport);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Debug, Message = "Transport {Transport} refused alert {AlertId} again ({Reason})")]
    public static partial void AlertRefusedAgain(ILogger logger, Guid alertId, string transport, string reason);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Error, Message = "The delivery loop of {Transport} failed; it goes on in a second, alerts stay in the outbox")]
    public static partial void DeliveryLoopFault(ILogger logger, string transport, Exception exception);

    [LoggerMessage(EventId = 2023, Level = LogLevel.Error, Message = "Delivery observer {Observer} failed")]
    public static partial void ObserverFailed(ILogger logger, string observer, Exception exception);

    [LoggerMessage(EventId = 2024, Level = LogLevel.Warning, Message = "No alert transport is enabled; alerts stay in the outbox")]
    public static partial void NoTransport(ILogger logger);

    [LoggerMessage(EventId = 2025, Level = LogLevel.Error, Message = "Alert {AlertId} could not be stored in the outbox")]
    public static partial void AlertNotStored(ILogger logger, Guid alertId, Exception exception);

    [LoggerMessage(EventId = 2040, Level = LogLevel.Information, Message = "Alerts are also posted to the webhook {Url}")]
    public static partial void WebhookEnabled(ILogger logger, Uri url);

    [LoggerMessage(EventId = 2041, Level = LogLevel.Warning, Message = "The webhook {Url} cannot be reached ({Reason}); alerts wait in the outbox and are posted again with backoff")]
    public static partial void WebhookUnreachable(ILogger logger, Uri url, string reason);

    [LoggerMessage(EventId = 2042, Level = LogLevel.Information, Message = "The webhook {Url} accepts alerts again")]
    public static partial void WebhookReachable(ILogger logger, Uri url);

    [LoggerMessage(EventId = 2060, Level = LogLevel.Information, Message = "Home Assistant discovery on: {Count} entities announced under {Prefix}/ after each connect")]
    public static partial void DiscoveryEnabled(ILogger logger, int count, string prefix);
}
