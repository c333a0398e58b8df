namespace EdgeLstm.EdgeAgent.Indicator;

/// <summary>An indicator with no hardware: remembers the state and shows nothing.</summary>
internal sealed class NullStatusIndicator : IStatusIndicator
{
    /// <inheritdoc/>
    public IndicatorState State { get; private set; }

    /// <inheritdoc/>
    public void Show(IndicatorState state) => State = state;

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
