namespace EdgeLstm.EdgeAgent.Indicator;

/// <summary>Sounds short patterns on a buzzer (or does nothing when none is configured).</summary>
internal interface IBuzzer : IDisposable
{
    /// <summary>Starts a pattern unless one is still sounding, so the buzzer never sounds continuously; returns at once.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <returns><see langword="true"/> when the pattern started; <see langword="false"/> when another was still sounding.</returns>
    bool Sound(BuzzerPattern pattern);
}
