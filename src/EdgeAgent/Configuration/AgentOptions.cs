namespace EdgeLstm.EdgeAgent.Configuration;

/// <summary>Identifies this gateway and where its MQTT topics live.</summary>
internal sealed class AgentOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Agent";

    /// <summary>The placeholder in <see cref="TopicPrefix"/> that is replaced by <see cref="DeviceId"/>.</summary>
    public const string DeviceIdPlaceholder = "{deviceId}";

    /// <summary>Gets or sets the device id: one MQTT topic level, letters, digits, '.', '_' and '-' only.</summary>
    public string DeviceId { get; set; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>Gets or sets the topic prefix; <c>{deviceId}</c> is replaced by <see cref="DeviceId"/>.</summary>
    public string TopicPrefix { get; set; } = "edgelstm/" + DeviceIdPlaceholder;

    /// <summary>Resolves <see cref="TopicPrefix"/> for <see cref="DeviceId"/>.</summary>
    /// <returns>The prefix with the placeholder replaced.</returns>
    public string ResolveTopicPrefix() => TopicPrefix.Replace(DeviceIdPlaceholder, DeviceId, StringComparison.Ordinal);
}
