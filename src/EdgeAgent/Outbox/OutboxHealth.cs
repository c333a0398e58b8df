namespace EdgeLstm.EdgeAgent.Outbox;

/// <summary>A snapshot of the outbox's health.</summary>
/// <param name="Fault">Why the journal cannot be written (for example "No space left on device"), or null when it can.</param>
/// <param name="FaultSince">When the current fault started, or null when there is none.</param>
/// <param name="InMemory">Alerts held only in memory until the journal can be written again.</param>
/// <param name="CorruptRegions">Damaged stretches of the journal cut at start (each costs the records in it, usually one).</param>
internal sealed record OutboxHealth(string? Fault, DateTimeOffset? FaultSince, int InMemory, long CorruptRegions)
{
    /// <summary>Gets a value indicating whether the journal cannot be written.</summary>
    public bool IsFaulted => Fault is not null;
}
