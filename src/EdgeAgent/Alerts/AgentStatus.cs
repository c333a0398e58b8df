using System.Reflection;
using System.Text.Json;
using EdgeLstm.EdgeAgent.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Alerts;

/// <summary>Holds what the status topic reports: version, running model and start time.</summary>
internal sealed class AgentStatus
{
    private readonly TimeProvider _timeProvider;
    private readonly string _deviceId;
    private readonly long _startTimestamp;
    private volatile string? _modelId;

    /// <summary>Initializes a new instance of the <see cref="AgentStatus"/> class; uptime counts from here.</summary>
    /// <param name="agentOptions">The agent options.</param>
    /// <param name="timeProvider">The clock.</param>
    public AgentStatus(IOptions<AgentOptions> agentOptions, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(agentOptions);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _deviceId = agentOptions.Value.DeviceId;
        _startTimestamp = timeProvider.GetTimestamp();
        string version = typeof(AgentStatus).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

        // Drop the "+commit" build metadata: subscribers compare versions, not source revisions.
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        Version = plus < 0 ? version : version[..plus];
    }

    /// <summary>Gets the agent version.</summary>
    public string Version { get; }

    /// <summary>Gets or sets the id of the running model; null until one is loaded.</summary>
    public string? ModelId
    {
        get => _modelId;
        set => _modelId = value;
    }

    /// <summary>Gets the time since the agent started.</summary>
    public TimeSpan Uptime => _timeProvider.GetElapsedTime(_startTimestamp);

    /// <summary>Serializes the online status message.</summary>
    /// <returns>The JSON payload.</returns>
    public byte[] CreateOnlinePayload() => Serialize(StatusState.Online, (long)Uptime.TotalSeconds);

    /// <summary>Serializes the offline status message, used for a clean stop and as the last will.</summary>
    /// <param name="uptimeSeconds">The uptime, or null for the last will (written at connect time).</param>
    /// <returns>The JSON payload.</returns>
    public byte[] CreateOfflinePayload(long? uptimeSeconds) => Serialize(StatusState.Offline, uptimeSeconds);

    private byte[] Serialize(StatusState state, long? uptimeSeconds)
    {
        var message = new StatusMessage(state, _deviceId, Version, _modelId, uptimeSeconds, _timeProvider.GetUtcNow());
        return JsonSerializer.SerializeToUtf8Bytes(message, AgentJsonContext.Default.StatusMessage);
    }
}
