namespace EdgeLstm.EdgeAgent.Configuration;

/// <summary>How often the agent publishes its health on the metrics topic.</summary>
internal sealed class MetricsOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Metrics";

    /// <summary>Gets or sets the interval between metrics messages in seconds; 0 turns them off.</summary>
    public int IntervalSeconds { get; set; } = 60;

    /// <summary>Gets or sets the file holding the CPU temperature in millidegrees Celsius.</summary>
    public string TemperatureFile { get; set; } = "/sys/class/thermal/thermal_zone0/temp";
}
