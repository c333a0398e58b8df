namespace EdgeLstm.EdgeAgent.Configuration;

/// <summary>When scored windows become an alert: k of n windows above the threshold, per-entity cooldown, severity bands.</summary>
internal sealed class AlertPolicyOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "AlertPolicy";

    /// <summary>Gets or sets k: how many of the last <see cref="Windows"/> windows must be above the threshold.</summary>
    public int AnomalousWindows { get; set; } = 3;

    /// <summary>Gets or sets n: how many recent windows of an entity are considered (at most 64).</summary>
    public int Windows { get; set; } = 5;

    /// <summary>Gets or sets the quiet time per entity after an alert, in seconds.</summary>
    public int CooldownSeconds { get; set; } = 300;

    /// <summary>Gets or sets the idle time after which an entity's window history is forgotten, in seconds.</summary>
    public int IdleResetSeconds { get; set; } = 600;

    /// <summary>Gets or sets the most entities tracked; the least recently seen is forgotten beyond it.</summary>
    public int MaxEntities { get; set; } = 10_000;

    /// <summary>Gets or sets the score / threshold ratio from which an alert is medium.</summary>
    public double MediumRatio { get; set; } = 1.5;

    /// <summary>Gets or sets the score / threshold ratio from which an alert is high.</summary>
    public double HighRatio { get; set; } = 2.0;

    /// <summary>Gets or sets the score / threshold ratio from which an alert is critical.</summary>
    public double CriticalRatio { get; set; } = 4.0;
}
