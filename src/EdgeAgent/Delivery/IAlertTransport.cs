using EdgeLstm.EdgeAgent.Outbox;

namespace EdgeLstm.EdgeAgent.Delivery;

/// <summary>One way alerts leave the device (the MQTT broker, a webhook); the <see cref="DeliveryCoordinator"/> hands it
/// outbox entries and removes an entry from the outbox once every enabled transport delivered it.</summary>
/// <remarks>Transports are registered as an enumerable service; the coordinator drives each enabled one in its own loop.</remarks>
internal interface IAlertTransport
{
    /// <summary>Gets the transport's name in logs and on the status topic, for example <c>mqtt</c>.</summary>
    string Name { get; }

    /// <summary>Gets a value indicating whether the configuration switches this transport on.</summary>
    bool IsEnabled { get; }

    /// <summary>Gets how the coordinator paces this transport.</summary>
    DeliveryPolicy Policy { get; }

    /// <summary>Waits until the transport can deliver (for MQTT: connected); returns at once for connectionless transports.</summary>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>A task that completes when deliveries may start.</returns>
    Task WaitUntilReadyAsync(CancellationToken cancellationToken);

    /// <summary>Delivers one alert and waits for the receiver's acknowledgement.</summary>
    /// <param name="entry">The alert, with the payload to send byte for byte.</param>
    /// <param name="cancellationToken">Stops the delivery.</param>
    /// <returns>Whether the receiver acknowledged, refused or could not be reached; never throws for a delivery failure.</returns>
    Task<DeliveryResult> DeliverAsync(OutboxEntry entry, CancellationToken cancellationToken);
}
