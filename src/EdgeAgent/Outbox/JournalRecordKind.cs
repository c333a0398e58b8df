namespace EdgeLstm.EdgeAgent.Outbox;

/// <summary>The kinds of record in the outbox journal.</summary>
internal enum JournalRecordKind : byte
{
    /// <summary>An alert was appended; the record holds its payload.</summary>
    Append = 1,

    /// <summary>The broker acknowledged the alert.</summary>
    Acknowledge = 2,

    /// <summary>The alert was dropped because the outbox was full.</summary>
    Drop = 3,
}
