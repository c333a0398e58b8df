namespace EdgeLstm.EdgeAgent.Outbox;

/// <summary>Says whether the outbox can write its journal, for the status topic, the metrics, the LED and the log.</summary>
internal interface IOutboxHealth
{
    /// <summary>Gets the outbox's health now.</summary>
    OutboxHealth Health { get; }

    /// <summary>Raised when a journal fault starts or ends, or recovery cut corrupt records; not on every alert.</summary>
    event Action? HealthChanged;
}
