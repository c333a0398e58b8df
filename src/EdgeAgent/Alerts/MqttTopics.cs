using EdgeLstm.EdgeAgent.Configuration;

namespace EdgeLstm.EdgeAgent.Alerts;

/// <summary>The three topics of the alert contract under the device's prefix.</summary>
/// <param name="Alerts">The alerts topic (QoS 1, not retained).</param>
/// <param name="Status">The status topic (QoS 1, retained, last will).</param>
/// <param name="Metrics">The metrics topic (QoS 0, not retained).</param>
internal sealed record MqttTopics(string Alerts, string Status, string Metrics)
{
    /// <summary>Builds the topics from the agent options.</summary>
    /// <param name="options">The validated agent options.</param>
    /// <returns>The topics.</returns>
    public static MqttTopics From(AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string prefix = options.ResolveTopicPrefix();
        return new MqttTopics(prefix + "/alerts", prefix + "/status", prefix + "/metrics");
    }
}
