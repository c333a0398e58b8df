namespace EdgeLstm.EdgeAgent.Outbox;

/// <summary>A record read from the journal.</summary>
/// <param name="Kind">The record kind.</param>
/// <param name="Id">The alert id.</param>
/// <param name="Size">The record's size in bytes, header included; the payload is the last <c>Size - header - 17</c> bytes.</param>
internal readonly record struct JournalRecord(JournalRecordKind Kind, Guid Id, int Size);
