namespace EdgeLstm.EdgeAgent.Outbox;

/// <summary>Log messages of the outbox; event ids 1000-1099 (registered in <see cref="LogEvents"/>).</summary>
internal static partial class OutboxLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Outbox opened at {Path}: {Pending} unacknowledged alerts to re-send")]
    public static partial void Opened(ILogger logger, string path, int pending);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Outbox journal {Path} ended in a torn or corrupt record at offset {Offset}; {Bytes} bytes cut")]
    public static partial void TornTail(ILogger logger, string path, long offset, long bytes);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Outbox full ({MaxBytes} bytes): dropped the oldest alert {AlertId}; {Dropped} dropped since start")]
    public static partial void DroppedOldest(ILogger logger, long maxBytes, Guid alertId, long dropped);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Outbox compacted: {Before} bytes to {After} bytes")]
    public static partial void Compacted(ILogger logger, long before, long after);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Outbox journal {Path} has an unknown header; moved aside to {MovedTo} and started empty")]
    public static partial void BadHeader(ILogger logger, string path, string movedTo);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "Outbox journal {Path} cannot be written ({Reason}): new alerts are kept in memory and still published; retrying every {Interval}")]
    public static partial void JournalFault(ILogger logger, string path, string reason, TimeSpan interval, Exception exception);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug, Message = "Outbox journal {Path} still cannot be written ({Reason}); {InMemory} alerts held in memory")]
    public static partial void RetryFailed(ILogger logger, string path, string reason, int inMemory);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Outbox journal {Path} writable again: {Written} alerts held in memory written after {Lasted}")]
    public static partial void JournalRecovered(ILogger logger, string path, int written, TimeSpan lasted);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Outbox journal {Path} could not be compacted ({Reason}); it keeps taking alerts and compaction is tried again later")]
    public static partial void CompactionFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "Outbox journal: the {Bytes} damaged bytes cut at start are kept in {MovedTo}")]
    public static partial void CutSaved(ILogger logger, int bytes, string movedTo);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Error, Message = "Outbox journal {Path} has a damaged stretch at offset {Offset} ({Bytes} bytes); reading resumes at the next valid record")]
    public static partial void CorruptRegion(ILogger logger, string path, long offset, long bytes);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Error, Message = "Outbox journal {Path}: {Regions} damaged stretches ({Bytes} bytes) cut, {Kept} records kept")]
    public static partial void Resynchronised(ILogger logger, string path, int regions, long bytes, int kept);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Critical, Message = "{Count} alerts held in memory are lost: the outbox journal {Path} still cannot be written at stop ({Reason})")]
    public static partial void LostAtStop(ILogger logger, int count, string path, string reason);
}
