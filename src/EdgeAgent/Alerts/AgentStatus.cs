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
    private volatile string? _modelError;
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, string> _deliveryErrors = new(StringComparer.Ordinal);
    private volatile string? _deliveryError;
    private volatile ThresholdStatus? _threshold;
    private volatile string? _outboxFault;

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
        set
        {
            _modelId = value;
            Changed?.Invoke();
        }
    }

    /// <summary>Gets or sets why the last new model file was refused (the running model stays); null when none was.</summary>
    public string? ModelError
    {
        get => _modelError;
        set
        {
            if (_modelError != value)
            {
                _modelError = value;
                Changed?.Invoke();
            }
        }
    }

    /// <summary>Gets why alerts are refused, per transport (<c>mqtt: alerts refused: NotAuthorized (0x87)</c>); null when none are.</summary>
    public string? DeliveryError => _deliveryError;

    /// <summary>Sets or clears the refusal a transport reports; raises <see cref="Changed"/> when the text changes.</summary>
    /// <param name="transport">The transport's name.</param>
    /// <param name="error">The refusal, or null when the transport delivers again.</param>
    public void SetDeliveryError(string transport, string? error)
    {
        ArgumentException.ThrowIfNullOrEmpty(transport);
        string? joined;
        lock (_lock)
        {
            if (error is null)
            {
                _ = _deliveryErrors.Remove(transport);
            }
            else
            {
                _deliveryErrors[transport] = error;
            }

            joined = _deliveryErrors.Count == 0 ? null : string.Join("; ", _deliveryErrors.Select(e => e.Key + ": " + e.Value));
            if (joined == _deliveryError)
            {
                return;
            }

            _deliveryError = joined;
        }

        Changed?.Invoke();
    }

    /// <summary>Gets or sets why the outbox journal cannot be written; null when it can.</summary>
    public string? OutboxFault
    {
        get => _outboxFault;
        set
        {
            if (_outboxFault != value)
            {
                _outboxFault = value;
                Changed?.Invoke();
            }
        }
    }

    /// <summary>Gets or sets the alert threshold in use and where it comes from (site learning); null before a model is loaded.</summary>
    public ThresholdStatus? Threshold
    {
        get => _threshold;
        set
        {
            if (_threshold != value)
            {
                _threshold = value;
                Changed?.Invoke();
            }
        }
    }

    /// <summary>Raised when the model, the model error, the delivery error, the outbox fault or the threshold changes, so the status topic can be republished.</summary>
    public event Action? Changed;

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
        var message = new StatusMessage(state, _deviceId, Version, _modelId, uptimeSeconds, _timeProvider.GetUtcNow(), _modelError, _deliveryError, _outboxFault, _threshold);
        return JsonSerializer.SerializeToUtf8Bytes(message, AgentJsonContext.Default.StatusMessage);
    }
}
