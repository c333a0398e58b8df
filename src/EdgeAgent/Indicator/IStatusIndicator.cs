namespace EdgeLstm.EdgeAgent.Indicator;

/// <summary>Shows the agent's state on an LED (or does nothing when none is configured).</summary>
internal interface IStatusIndicator : IDisposable
{
    /// <summary>Gets the state shown last.</summary>
    IndicatorState State { get; }

    /// <summary>Shows a state; never throws for hardware errors, which are logged once.</summary>
    /// <param name="state">The state.</param>
    void Show(IndicatorState state);
}
