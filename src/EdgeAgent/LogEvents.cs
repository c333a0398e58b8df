using EdgeLstm.EdgeAgent.Detection;
using EdgeLstm.EdgeAgent.Indicator;
using EdgeLstm.EdgeAgent.Mqtt;
using EdgeLstm.EdgeAgent.Outbox;
using EdgeLstm.EdgeAgent.Systemd;

namespace EdgeLstm.EdgeAgent;

/// <summary>Registers the agent's <see cref="LoggerMessageAttribute"/> event ids: one range per area, each owned by
/// one log class. Event ids are stable (operators filter the journal on them).</summary>
/// <remarks>A new message takes the next free id of its area's range; a new area takes the next free thousand and is
/// listed here. A test fails on a duplicate id, on an id outside its area's range and on a log class not listed.</remarks>
internal static class LogEvents
{
    /// <summary>Gets the areas, in the order of their ranges.</summary>
    public static IReadOnlyList<LogEventArea> Areas { get; } =
    [
        new("Outbox", 1000, 1099, typeof(OutboxLog)),
        // MQTT session 2000-2019, delivery 2020-2039, webhook 2040-2059, Home Assistant discovery 2060-2079.
        new("Alert delivery", 2000, 2099, typeof(MqttLog)),
        new("Detection", 3000, 3099, typeof(DetectionLog)),
        new("Status indicator", 4000, 4099, typeof(IndicatorLog)),
        new("systemd", 5000, 5099, typeof(SystemdLog)),
    ];
}
