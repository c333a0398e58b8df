namespace EdgeLstm.EdgeAgent.Indicator;

/// <summary>Lights the status indicator while the agent runs and switches it off when it stops.</summary>
internal sealed class StatusIndicatorService : IHostedService
{
    private readonly IStatusIndicator _indicator;

    /// <summary>Initializes a new instance of the <see cref="StatusIndicatorService"/> class.</summary>
    /// <param name="indicator">The indicator.</param>
    public StatusIndicatorService(IStatusIndicator indicator)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        _indicator = indicator;
    }

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _indicator.Show(IndicatorState.Running);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _indicator.Show(IndicatorState.Off);
        return Task.CompletedTask;
    }
}
