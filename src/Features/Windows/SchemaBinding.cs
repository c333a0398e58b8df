using System.Globalization;

namespace EdgeLstm.Features.Windows;

/// <summary>Decides whether a model fits a source of feature vectors: the one comparison the trainer (eval, quantize,
/// calibrate) and the agent (at start and at every reload) make between the schema a model stores and the schema of
/// the rows it is about to read.</summary>
/// <remarks>A model fits when schema name, version, window and every feature name (in order) are equal; names are
/// compared position by position only within one schema (across two, their counts). The model's
/// side is taken as stored, unvalidated (see <see cref="StoredSchema"/>), so a damaged model is described, not thrown on.</remarks>
public static class SchemaBinding
{
    // A window is stored as seconds in a double and computed as a TimeSpan: one tick apart is the same window.
    private const double WindowTolerance = 1e-7;

    // Beyond this many renamed positions the message gives a count, so a wholly different list stays one line.
    private const int ListedNameDifferences = 3;

    /// <summary>Compares the schema a model stores with the schema of a source's rows.</summary>
    /// <param name="model">The model's schema, as stored in its file.</param>
    /// <param name="source">The schema of the rows the model would read.</param>
    /// <returns>The verdict and, when the model does not fit, each difference in words naming both sides.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="source"/> is null.</exception>
    public static SchemaMatch Match(StoredSchema model, FeatureSchema source)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(source);
        var differences = new List<string>();
        bool sameSchema = model.Name == source.Name && model.Version == source.Version;
        if (!sameSchema)
        {
            differences.Add($"schema: the model reads {model.Name ?? "(none)"} v{model.Version}, the source computes {source.Name} v{source.Version}");
        }

        if (!SameWindow(model.WindowSeconds, source.Window.TotalSeconds))
        {
            differences.Add($"window: the model was trained on {DescribeWindow(model.WindowSeconds)}, the source computes {DescribeWindow(source.Window.TotalSeconds)}");
        }

        // Names of two different schemas do not correspond position by position: their counts say enough.
        CompareNames(model.FeatureNames ?? [], source.FeatureNames, comparePositions: sameSchema, differences);
        return new SchemaMatch(differences);
    }

    /// <summary>Returns whether two window lengths in seconds are the same window (within one <see cref="TimeSpan"/> tick).</summary>
    /// <param name="seconds">One window length, such as a model stores it (NaN is no window length).</param>
    /// <param name="otherSeconds">The other.</param>
    public static bool SameWindow(double seconds, double otherSeconds) => Math.Abs(seconds - otherSeconds) <= WindowTolerance;

    /// <summary>Returns a window length in words, such as <c>5 s windows</c> or <c>per-record rows (no window)</c>.</summary>
    /// <param name="seconds">The window length in seconds; 0 for rows that describe one record each.</param>
    public static string DescribeWindow(double seconds) =>
        seconds == 0 ? "per-record rows (no window)"
        : double.IsFinite(seconds) && seconds > 0 ? string.Create(CultureInfo.InvariantCulture, $"{seconds:G6} s windows")
        : string.Create(CultureInfo.InvariantCulture, $"an invalid window ({seconds:R} s)");

    private static void CompareNames(IReadOnlyList<string> model, IReadOnlyList<string> source, bool comparePositions, List<string> differences)
    {
        if (model.Count != source.Count)
        {
            differences.Add($"features: the model reads {model.Count}, the source computes {source.Count}");
        }

        if (!comparePositions)
        {
            return;
        }

        int renamed = 0;
        var listed = new List<string>();
        for (int i = 0; i < Math.Min(model.Count, source.Count); i++)
        {
            if (!string.Equals(model[i], source[i], StringComparison.Ordinal))
            {
                renamed++;
                if (listed.Count < ListedNameDifferences)
                {
                    listed.Add($"{i} is '{model[i] ?? "(null)"}' in the model, '{source[i]}' in the source");
                }
            }
        }

        if (renamed > 0)
        {
            string more = renamed > listed.Count ? $"; and {renamed - listed.Count} more" : "";
            differences.Add($"feature names differ at {renamed} position(s): {string.Join("; ", listed)}{more}");
        }
    }
}

/// <summary>Holds a schema as a model file stores it: not validated, so that <see cref="SchemaBinding.Match"/> can
/// describe a damaged one (a missing name, a null list, a window that is not a number) instead of failing on it.</summary>
/// <param name="Name">The schema name, or null when the file has none.</param>
/// <param name="Version">The schema version.</param>
/// <param name="FeatureNames">The feature names in input order, or null when the file has none.</param>
/// <param name="WindowSeconds">The window length in seconds; 0 for per-record schemas.</param>
public sealed record StoredSchema(string? Name, int Version, IReadOnlyList<string>? FeatureNames, double WindowSeconds)
{
    /// <summary>Returns the stored form of a schema, for comparing the schemas of two sources.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="schema"/> is null.</exception>
    public static StoredSchema Of(FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new StoredSchema(schema.Name, schema.Version, schema.FeatureNames, schema.Window.TotalSeconds);
    }
}

/// <summary>Holds the verdict of <see cref="SchemaBinding.Match"/>: whether a model fits a source, and what differs.</summary>
public sealed class SchemaMatch
{
    internal SchemaMatch(IReadOnlyList<string> differences) => Differences = differences;

    /// <summary>Gets a value indicating whether the model fits the source (no difference).</summary>
    public bool Fits => Differences.Count == 0;

    /// <summary>Gets each difference in words, naming the model's and the source's side; empty when the model fits.</summary>
    public IReadOnlyList<string> Differences { get; }

    /// <summary>Returns the differences as one sentence, or <c>fits</c>.</summary>
    public override string ToString() => Fits ? "fits" : string.Join("; ", Differences);
}
