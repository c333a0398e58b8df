using System.Text.Json.Serialization;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Source-generated JSON of <see cref="SiteLearningFile"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(SiteLearningFile))]
internal sealed partial class SiteLearningJsonContext : JsonSerializerContext;
