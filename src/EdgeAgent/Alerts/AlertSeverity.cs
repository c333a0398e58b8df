using System.Text.Json.Serialization;

namespace EdgeLstm.EdgeAgent.Alerts;

/// <summary>How far an alert's score is above the model's threshold.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertSeverity>))]
internal enum AlertSeverity
{
    /// <summary>Just above the threshold.</summary>
    [JsonStringEnumMemberName("low")]
    Low,

    /// <summary>Clearly above the threshold.</summary>
    [JsonStringEnumMemberName("medium")]
    Medium,

    /// <summary>Far above the threshold.</summary>
    [JsonStringEnumMemberName("high")]
    High,

    /// <summary>Extreme score.</summary>
    [JsonStringEnumMemberName("critical")]
    Critical,
}
