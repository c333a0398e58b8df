namespace EdgeLstm.EdgeAgent.Configuration;

/// <summary>Home Assistant MQTT discovery: the agent announces itself as a device, so it appears without YAML.</summary>
internal sealed class HomeAssistantOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "HomeAssistant";

    /// <summary>Gets or sets a value indicating whether the discovery messages are published (off by default).</summary>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets the discovery prefix Home Assistant listens on.</summary>
    public string DiscoveryPrefix { get; set; } = "homeassistant";

    /// <summary>Gets or sets the seconds the "attack detected" binary sensor stays on after the last alert.</summary>
    public int AttackHoldSeconds { get; set; } = 300;
}
