using EdgeLstm.Features.Decoding;

namespace EdgeLstm.Features.Windows;

/// <summary>Holds the feature vector of one entity (a host, or an aggregate of untracked hosts) over one window.</summary>
/// <param name="Entity">The host or aggregate (<see cref="HostAddress.IsAggregate"/>).</param>
/// <param name="WindowStartNanoseconds">The window's start, in nanoseconds since the Unix epoch.</param>
/// <param name="Features">The features, in the order of the extractor's schema.</param>
public sealed record FeatureRow(HostAddress Entity, long WindowStartNanoseconds, float[] Features)
{
    /// <summary>Gets the window's start as a UTC time.</summary>
    public DateTimeOffset WindowStart => DateTimeOffset.UnixEpoch.AddTicks(WindowStartNanoseconds / 100);
}
