namespace EdgeLstm.EdgeAgent.Outbox;

/// <summary>Log messages of the outbox; event ids 1000-1099 are stable.</summary>
internal static partial class OutboxLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Outbox opened at {Path}: {Pending} unacknowledged alerts to re-send")]
    public static partial void Opened(ILogger logger, string path, int pending);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Outbox journal {Path} ended in a torn or corrupt record at offset {Offset}; {Bytes} bytes dropped")]
    public static partial void TornTail(ILogger logger, string path, long offset, long bytes);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Outbox full ({MaxBytes} bytes): dropped the oldest alert {AlertId}; {Dropped} dropped since start")]
    public static partial void DroppedOldest(ILogger logger, long maxBytes, Guid alertId, long dropped);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Outbox compacted: {Before} bytes to {After} bytes")]
    public static partial void Compacted(ILogger logger, long before, long after);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Outbox journal {Path} has an unknown header; moved aside to {MovedTo} and started empty")]
    public static partial void BadHeader(ILogger logger, string path, string movedTo);
}
