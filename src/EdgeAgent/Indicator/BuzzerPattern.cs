namespace EdgeLstm.EdgeAgent.Indicator;

/// <summary>A short, bounded buzzer pattern: alternating sound and silence, starting with sound.</summary>
internal sealed class BuzzerPattern
{
    private BuzzerPattern(string name, params int[] milliseconds)
    {
        Name = name;
        Steps = [.. milliseconds.Select(step => TimeSpan.FromMilliseconds(step))];
    }

    /// <summary>Gets two short beeps (150 ms, 100 ms pause, 150 ms): a new alert.</summary>
    public static BuzzerPattern Alert { get; } = new("alert", 150, 100, 150);

    /// <summary>Gets one long beep (600 ms): the agent lost its broker.</summary>
    public static BuzzerPattern Fault { get; } = new("fault", 600);

    /// <summary>Gets the pattern's name, for logs and tests.</summary>
    public string Name { get; }

    /// <summary>Gets the step durations: even steps sound, odd steps are silent.</summary>
    public IReadOnlyList<TimeSpan> Steps { get; }

    /// <summary>Gets the time the pattern takes.</summary>
    public TimeSpan Duration => Steps.Aggregate(TimeSpan.Zero, (sum, step) => sum + step);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
