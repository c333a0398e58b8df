using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Mqtt;

/// <summary>Home Assistant MQTT discovery: one device with an "attack detected" binary sensor and sensors for alerts,
/// hosts tracked and packets/s, announced retained under <see cref="HomeAssistantOptions.DiscoveryPrefix"/> after every
/// connect when <see cref="HomeAssistantOptions.Enabled"/>.</summary>
/// <remarks>
/// Each entity is one config message on <c>{prefix}/{component}/{unique_id}/config</c> (Home Assistant's per-component
/// schema, with the unique id as the object id as its documentation recommends). All entities share the device block and
/// take their availability from the retained status topic (<c>online</c>/<c>offline</c>, the last will). The binary sensor
/// turns on with every message on the alerts topic and off <see cref="HomeAssistantOptions.AttackHoldSeconds"/> later
/// (<c>off_delay</c>); the sensors read the metrics topic.
/// </remarks>
internal sealed class HomeAssistantDiscovery : IMqttAnnouncements
{
    private readonly List<(string Topic, byte[] Payload)> _messages = [];

    /// <summary>Initializes a new instance of the <see cref="HomeAssistantDiscovery"/> class.</summary>
    /// <param name="options">The discovery options.</param>
    /// <param name="agentOptions">The agent identity and topics.</param>
    /// <param name="metricsOptions">The metrics interval, for the sensors' expiry.</param>
    /// <param name="status">The status source, for the version.</param>
    /// <param name="logger">The logger.</param>
    public HomeAssistantDiscovery(
        IOptions<HomeAssistantOptions> options,
        IOptions<AgentOptions> agentOptions,
        IOptions<MetricsOptions> metricsOptions,
        AgentStatus status,
        ILogger<HomeAssistantDiscovery> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(agentOptions);
        ArgumentNullException.ThrowIfNull(metricsOptions);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(logger);
        HomeAssistantOptions settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        AgentOptions agent = agentOptions.Value;
        MqttTopics topics = MqttTopics.From(agent);
        string node = "edgelstm_" + ObjectId(agent.DeviceId);
        var device = new HaDevice([node], "EdgeLstm " + agent.DeviceId, "EdgeLstm", "edgelstm-agent", status.Version);
        var origin = new HaOrigin("edgelstm-agent", status.Version);
        HaAvailability[] availability = [new(topics.Status, "{{ value_json.state }}", "online", "offline")];

        // Metrics arrive every interval; three missed intervals mean the values are stale.
        int metricsInterval = metricsOptions.Value.IntervalSeconds;
        int? expireAfter = metricsInterval > 0 ? 3 * metricsInterval : null;

        Add(settings.DiscoveryPrefix, "binary_sensor", new HaEntity(
            "Attack detected", node + "_attack", topics.Alerts, "{{ 'ON' }}", availability, device, origin)
        {
            DeviceClass = "problem",
            PayloadOn = "ON",
            PayloadOff = "OFF",
            OffDelay = settings.AttackHoldSeconds,
            JsonAttributesTopic = topics.Alerts,
            Icon = "mdi:shield-alert",
        });
        Add(settings.DiscoveryPrefix, "sensor", new HaEntity(
            "Alerts", node + "_alerts", topics.Metrics, "{{ value_json.alerts }}", availability, device, origin)
        {
            StateClass = "total_increasing",
            UnitOfMeasurement = "alerts",
            ExpireAfter = expireAfter,
            Icon = "mdi:alert",
        });
        Add(settings.DiscoveryPrefix, "sensor", new HaEntity(
            "Hosts tracked", node + "_hosts_tracked", topics.Metrics, "{{ value_json.hostsTracked }}", availability, device, origin)
        {
            StateClass = "measurement",
            UnitOfMeasurement = "hosts",
            ExpireAfter = expireAfter,
            Icon = "mdi:lan",
        });
        Add(settings.DiscoveryPrefix, "sensor", new HaEntity(
            "Packets per second", node + "_packets_per_second", topics.Metrics, "{{ value_json.packetsPerSecond }}", availability, device, origin)
        {
            StateClass = "measurement",
            UnitOfMeasurement = "packets/s",
            ExpireAfter = expireAfter,
            Icon = "mdi:speedometer",
        });
        MqttLog.DiscoveryEnabled(logger, _messages.Count, settings.DiscoveryPrefix);
    }

    /// <inheritdoc/>
    public IReadOnlyList<(string Topic, byte[] Payload)> GetAnnouncements() => _messages;

    // Home Assistant allows only [a-zA-Z0-9_-] in the object id; a device id may also hold '.'.
    private static string ObjectId(string deviceId) => deviceId.Replace('.', '_');

    private void Add(string prefix, string component, HaEntity entity) =>
        _messages.Add(($"{prefix}/{component}/{entity.UniqueId}/config", JsonSerializer.SerializeToUtf8Bytes(entity, HomeAssistantJsonContext.Default.HaEntity)));
}

/// <summary>One entity's discovery config (field names as Home Assistant's MQTT discovery documents them).</summary>
/// <param name="Name">The entity name, shown after the device name.</param>
/// <param name="UniqueId">The unique id, stable across restarts.</param>
/// <param name="StateTopic">The topic the state is read from.</param>
/// <param name="ValueTemplate">The template that turns a message into the state.</param>
/// <param name="Availability">Where the availability is read from.</param>
/// <param name="Device">The device the entity belongs to.</param>
/// <param name="Origin">The software that announced it.</param>
internal sealed record HaEntity(string Name, string UniqueId, string StateTopic, string ValueTemplate, HaAvailability[] Availability, HaDevice Device, HaOrigin Origin)
{
    /// <summary>Gets the device class.</summary>
    public string? DeviceClass { get; init; }

    /// <summary>Gets the state class of a sensor.</summary>
    public string? StateClass { get; init; }

    /// <summary>Gets the unit of a sensor.</summary>
    public string? UnitOfMeasurement { get; init; }

    /// <summary>Gets the payload meaning on, for a binary sensor.</summary>
    public string? PayloadOn { get; init; }

    /// <summary>Gets the payload meaning off, for a binary sensor.</summary>
    public string? PayloadOff { get; init; }

    /// <summary>Gets the seconds after which a binary sensor turns off by itself.</summary>
    public int? OffDelay { get; init; }

    /// <summary>Gets the seconds after which a sensor's value is stale.</summary>
    public int? ExpireAfter { get; init; }

    /// <summary>Gets the topic whose JSON becomes the entity's attributes.</summary>
    public string? JsonAttributesTopic { get; init; }

    /// <summary>Gets the icon.</summary>
    public string? Icon { get; init; }

    /// <summary>Gets the QoS of the subscriptions.</summary>
    public int Qos { get; init; } = 1;
}

/// <summary>The device block of a discovery config.</summary>
/// <param name="Identifiers">The device's identifiers.</param>
/// <param name="Name">The device name.</param>
/// <param name="Manufacturer">The manufacturer.</param>
/// <param name="Model">The model.</param>
/// <param name="SwVersion">The agent version.</param>
internal sealed record HaDevice(string[] Identifiers, string Name, string Manufacturer, string Model, string SwVersion);

/// <summary>The origin block of a discovery config.</summary>
/// <param name="Name">The software's name.</param>
/// <param name="SwVersion">Its version.</param>
internal sealed record HaOrigin(string Name, string SwVersion);

/// <summary>One availability source of a discovery config.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="ValueTemplate">The template that extracts the state.</param>
/// <param name="PayloadAvailable">The value meaning available.</param>
/// <param name="PayloadNotAvailable">The value meaning unavailable.</param>
internal sealed record HaAvailability(string Topic, string ValueTemplate, string PayloadAvailable, string PayloadNotAvailable);

/// <summary>Source-generated JSON for Home Assistant's discovery payloads: snake_case, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HaEntity))]
internal sealed partial class HomeAssistantJsonContext : JsonSerializerContext;
