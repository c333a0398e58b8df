using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Indicator;

namespace EdgeLstm.EdgeAgent.Outbox;

/// <summary>Carries the outbox's health to the status topic (<see cref="AgentStatus.OutboxFault"/>) and the status LED.</summary>
internal sealed class OutboxHealthObserver : IHostedService
{
    private readonly IOutboxHealth _health;
    private readonly AgentStatus _status;
    private readonly IndicatorController _indicator;

    /// <summary>Initializes a new instance of the <see cref="OutboxHealthObserver"/> class.</summary>
    /// <param name="health">The outbox's health.</param>
    /// <param name="status">The status the status topic reports.</param>
    /// <param name="indicator">The status indicator.</param>
    public OutboxHealthObserver(IOutboxHealth health, AgentStatus status, IndicatorController indicator)
    {
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(indicator);
        _health = health;
        _status = status;
        _indicator = indicator;
    }

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _health.HealthChanged += Update;

        // The journal may have faulted while it opened, before anyone listened.
        Update();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _health.HealthChanged -= Update;
        return Task.CompletedTask;
    }

    private void Update()
    {
        OutboxHealth health = _health.Health;
        _status.OutboxFault = health.Fault;
        _indicator.SetOutboxFault(health.IsFaulted);
    }
}
