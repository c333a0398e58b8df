namespace EdgeLstm.EdgeAgent.Outbox;

/// <summary>An alert waiting in the outbox: its id and the exact payload to publish.</summary>
/// <param name="Id">The alert id (UUIDv7); the same on every re-send.</param>
/// <param name="Payload">The JSON payload, published byte for byte.</param>
internal sealed record OutboxEntry(Guid Id, ReadOnlyMemory<byte> Payload);
