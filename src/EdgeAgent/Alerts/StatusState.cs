using System.Text.Json.Serialization;

namespace EdgeLstm.EdgeAgent.Alerts;

/// <summary>The agent state on the status topic.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StatusState>))]
internal enum StatusState
{
    /// <summary>Connected and running.</summary>
    [JsonStringEnumMemberName("online")]
    Online,

    /// <summary>Stopped, or gone (the last will).</summary>
    [JsonStringEnumMemberName("offline")]
    Offline,
}
