using System.Text.Json.Serialization;

namespace EdgeLstm.EdgeAgent.Alerts;

/// <summary>Source-generated JSON for the MQTT payloads: camelCase, compact, no reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(Alert))]
[JsonSerializable(typeof(StatusMessage))]
[JsonSerializable(typeof(MetricsMessage))]
internal sealed partial class AgentJsonContext : JsonSerializerContext;
