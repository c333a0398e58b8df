using EdgeLstm.Features.Decoding;

namespace EdgeLstm.Features.Windows;

/// <summary>Holds the feature vector of one host over one window.</summary>
/// <param name="Entity">The host.</param>
/// <param name="WindowStartNanoseconds">The window's start, in nanoseconds since the Unix epoch.</param>
/// <param name="Features">The features, in the order of the extractor's schema.</param>
public sealed record FeatureRow(HostAddress Entity, long WindowStartNanoseconds, float[] Features)
{
    /// <summary>Gets the window's start as a UTC time.</summary>
    public DateTimeOffset WindowStart => DateTimeOffset.UnixEpoch.AddTicks(WindowStartNanoseconds / 100);
}
