namespace EdgeLstm.Features.Windows;

/// <summary>Describes the layout of a feature vector: a name, a version, the ordered feature names and the
/// window length. A model stores the schema it was trained with and refuses a source whose schema differs
/// (<see cref="SchemaBinding.Match"/>).</summary>
public sealed class FeatureSchema
{
    /// <summary>Initializes a schema.</summary>
    /// <param name="name">The schema's name, such as <c>edgelstm.host-window</c>.</param>
    /// <param name="version">The schema's version; a change to any feature's definition increments it.</param>
    /// <param name="featureNames">The feature names, in vector order.</param>
    /// <param name="window">The length of a feature window, or zero when each vector describes one record (a flow).</param>
    /// <exception cref="ArgumentException">A name is empty or repeated, or the window is negative.</exception>
    public FeatureSchema(string name, int version, IReadOnlyList<string> featureNames, TimeSpan window)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero);
        if (featureNames.Any(string.IsNullOrEmpty) || featureNames.Distinct(StringComparer.Ordinal).Count() != featureNames.Count)
        {
            throw new ArgumentException("Feature names must be non-empty and distinct.", nameof(featureNames));
        }

        Name = name;
        Version = version;
        FeatureNames = [.. featureNames];
        Window = window;
    }

    /// <summary>Gets the schema's name.</summary>
    public string Name { get; }

    /// <summary>Gets the schema's version.</summary>
    public int Version { get; }

    /// <summary>Gets the feature names, in vector order.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Gets the number of features in a vector.</summary>
    public int FeatureCount => FeatureNames.Count;

    /// <summary>Gets the length of a feature window, or zero for per-record schemas.</summary>
    public TimeSpan Window { get; }

    /// <summary>Returns the schema as <c>name/vversion</c>, for messages.</summary>
    /// <returns>Such as <c>edgelstm.host-window/v1 (48 features, 1 s)</c>.</returns>
    public override string ToString() => $"{Name}/v{Version} ({FeatureCount} features, {Window.TotalSeconds:0.###} s)";
}
