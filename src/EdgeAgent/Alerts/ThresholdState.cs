using System.Text.Json.Serialization;

namespace EdgeLstm.EdgeAgent.Alerts;

/// <summary>Where the alert threshold in use comes from, on the status topic.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ThresholdState>))]
internal enum ThresholdState
{
    /// <summary>The model's own threshold; site learning is off.</summary>
    [JsonStringEnumMemberName("model")]
    Model,

    /// <summary>Site learning is running: windows are scored, nothing alerts.</summary>
    [JsonStringEnumMemberName("learning")]
    Learning,

    /// <summary>A threshold learnt on this site's traffic.</summary>
    [JsonStringEnumMemberName("learnt")]
    Learnt,
}
