using System.ComponentModel;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>The traffic sources the agent can watch (<c>Detection:Source</c>); <see cref="DetectionSources"/> describes each.</summary>
[TypeConverter(typeof(DetectionSourceKindConverter))]
internal enum DetectionSourceKind
{
    /// <summary><c>live</c>: a network interface captured through libpcap, per-host window features.</summary>
    Live,

    /// <summary><c>replay</c>: a capture file replayed, per-host window features.</summary>
    Replay,

    /// <summary><c>zeek</c>: a Zeek conn.log followed like <c>tail -F</c>, one flow feature vector per connection.</summary>
    Zeek,
}
