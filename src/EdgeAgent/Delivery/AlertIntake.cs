using System.Text.Json;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Mqtt;
using EdgeLstm.EdgeAgent.Outbox;

namespace EdgeLstm.EdgeAgent.Delivery;

/// <summary>Accepts an alert: serialises it to the contract JSON and appends it to the durable outbox, then wakes the
/// transports. Delivery is the <see cref="DeliveryCoordinator"/>'s job.</summary>
internal sealed class AlertIntake : IAlertSink
{
    private readonly IAlertOutbox _outbox;
    private readonly DeliveryCoordinator _coordinator;
    private readonly DeliveryEvents _events;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="AlertIntake"/> class.</summary>
    /// <param name="outbox">The durable outbox.</param>
    /// <param name="coordinator">The coordinator, woken for each new alert.</param>
    /// <param name="events">The observers of the alert path.</param>
    /// <param name="logger">The logger.</param>
    public AlertIntake(IAlertOutbox outbox, DeliveryCoordinator coordinator, DeliveryEvents events, ILogger<AlertIntake> logger)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(coordinator);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(logger);
        _outbox = outbox;
        _coordinator = coordinator;
        _events = events;
        _logger = logger;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The score or threshold is not a finite number.</exception>
    public void Submit(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (!double.IsFinite(alert.Score) || !double.IsFinite(alert.Threshold))
        {
            throw new ArgumentException("An alert's score and threshold must be finite numbers.", nameof(alert));
        }

        byte[] payload = JsonSerializer.SerializeToUtf8Bytes(alert, AgentJsonContext.Default.Alert);
        try
        {
            _outbox.Append(new OutboxEntry(alert.Id, payload));
        }
        catch (Exception exception) when (exception is not ArgumentException)
        {
            // The caller decides whether detection can go on; the log says which alert was not stored and why.
            MqttLog.AlertNotStored(_logger, alert.Id, exception);
            throw;
        }

        MqttLog.AlertQueued(_logger, alert.Id, alert.Severity, alert.Entity, alert.Score);
        _events.AlertAccepted(alert);
        _coordinator.Wake();
    }
}
