namespace EdgeLstm.EdgeAgent.Systemd;

/// <summary>Log messages of the systemd integration; event ids 3000-3099 are stable.</summary>
internal static partial class SystemdLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Notified systemd: READY=1 (watchdog every {Interval})")]
    public static partial void Ready(ILogger logger, TimeSpan? interval);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Sending '{State}' to NOTIFY_SOCKET failed")]
    public static partial void NotifyFailed(ILogger logger, string state, Exception exception);
}
