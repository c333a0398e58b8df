namespace EdgeLstm.EdgeAgent.Outbox;

/// <summary>Keeps alerts on disk from before they are published until the broker acknowledges them.</summary>
internal interface IAlertOutbox
{
    /// <summary>Gets the number of alerts not yet acknowledged.</summary>
    int Count { get; }

    /// <summary>Gets the number of alerts dropped, oldest first, because the outbox was full.</summary>
    long DroppedCount { get; }

    /// <summary>Stores an alert durably; when this returns, a crash no longer loses it.</summary>
    /// <param name="entry">The alert.</param>
    /// <exception cref="ArgumentException">The payload is empty or larger than the configured maximum, or the id is already pending.</exception>
    void Append(OutboxEntry entry);

    /// <summary>Removes an alert the broker has acknowledged.</summary>
    /// <param name="id">The alert id.</param>
    /// <returns><see langword="true"/> when the alert was pending; <see langword="false"/> when it was unknown (already acknowledged or dropped).</returns>
    bool Acknowledge(Guid id);

    /// <summary>Gets the pending alerts, oldest first.</summary>
    /// <returns>A snapshot of the pending alerts.</returns>
    IReadOnlyList<OutboxEntry> GetPending();
}
