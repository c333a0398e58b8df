using EdgeLstm.Features.Decoding;

namespace EdgeLstm.Features.Flows;

/// <summary>Holds the flows one host originated, in time order.</summary>
/// <param name="Host">The originating host.</param>
/// <param name="Flows">Its flows, sorted by start time (ties keep log order).</param>
public sealed record HostFlows(HostAddress Host, IReadOnlyList<FlowRecord> Flows)
{
    /// <summary>Groups records by originating host: hosts ordered by their first flow, flows by start time.</summary>
    /// <param name="records">The records, in any order.</param>
    /// <returns>One entry per originating host.</returns>
    public static IReadOnlyList<HostFlows> GroupByOrigin(IEnumerable<FlowRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records
            .OrderBy(r => r.TimestampNanoseconds)
            .GroupBy(r => r.OriginHost)
            .Select(g => new HostFlows(g.Key, g.ToArray()))
            .ToArray();
    }
}
