namespace EdgeLstm.EdgeAgent.Indicator;

/// <summary>A buzzer with no hardware: sounds nothing.</summary>
internal sealed class NullBuzzer : IBuzzer
{
    /// <inheritdoc/>
    public bool Sound(BuzzerPattern pattern) => false;

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
