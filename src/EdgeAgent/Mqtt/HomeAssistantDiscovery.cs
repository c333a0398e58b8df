using System.Text.Json;
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

        HaEntity Sensor(string name, string suffix, string field, string stateClass, string unit, string icon) =>
            new(name, node + "_" + suffix, topics.Metrics, "{{ value_json." + field + " }}", availability, device, origin)
            {
                StateClass = stateClass,
                UnitOfMeasurement = unit,
                ExpireAfter = expireAfter,
                Icon = icon,
            };

        Add(settings.DiscoveryPrefix, "sensor", Sensor("Alerts", "alerts", "alerts", "total_increasing", "alerts", "mdi:alert"));
        Add(settings.DiscoveryPrefix, "sensor", Sensor("Hosts tracked", "hosts_tracked", "hostsTracked", "measurement", "hosts", "mdi:lan"));
        Add(settings.DiscoveryPrefix, "sensor", Sensor("Packets per second", "packets_per_second", "packetsPerSecond", "measurement", "packets/s", "mdi:speedometer"));
        MqttLog.DiscoveryEnabled(logger, _messages.Count, settings.DiscoveryPrefix);
    }

    /// <inheritdoc/>
    public IReadOnlyList<(string Topic, byte[] Payload)> GetAnnouncements() => _messages;

    // Home Assistant allows only [a-zA-Z0-9_-] in the object id; a device id may also hold '.'.
    private static string ObjectId(string deviceId) => deviceId.Replace('.', '_');

    private void Add(string prefix, string component, HaEntity entity) =>
        _messages.Add(($"{prefix}/{component}/{entity.UniqueId}/config", JsonSerializer.SerializeToUtf8Bytes(entity, HomeAssistantJsonContext.Default.HaEntity)));
}
