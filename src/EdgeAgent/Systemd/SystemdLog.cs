namespace EdgeLstm.EdgeAgent.Systemd;

/// <summary>Log messages of the systemd integration; event ids 5000-5099 (registered in <see cref="LogEvents"/>).</summary>
internal static partial class SystemdLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "systemd watchdog: WATCHDOG=1 every {Interval} while the detection and delivery loops make progress")]
    public static partial void WatchdogStarted(ILogger logger, TimeSpan interval);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Sending '{State}' to NOTIFY_SOCKET failed")]
    public static partial void NotifyFailed(ILogger logger, string state, Exception exception);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Critical, Message = "WATCHDOG=1 withheld: {Reason}; systemd restarts the agent when its {Timeout} watchdog expires")]
    public static partial void WatchdogWithheld(ILogger logger, string reason, TimeSpan timeout);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "The pipeline made progress again: WATCHDOG=1 resumed")]
    public static partial void WatchdogResumed(ILogger logger);
}
