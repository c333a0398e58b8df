using System.Globalization;
using EdgeLstm.Features.Windows;

namespace EdgeLstm.Trainer.Data;

/// <summary>Reads the feature CSV that the traffic-features command writes: a schema line
/// <c>#edgelstm-schema name=… version=… window_seconds=… features=…</c>, then the header
/// <c>entity,window_start,&lt;feature…&gt;[,label]</c> and one row per host per window.</summary>
/// <remarks>The schema line and the header's feature names together are the <see cref="FeatureSchema"/> of the rows,
/// which the table carries (<see cref="RecordTable.Schema"/>) into the model. A file written before the schema line
/// existed is read as <c>edgelstm.host-window</c> v1 (the only schema the command wrote) with its window inferred from
/// the spacing of <c>window_start</c>, and <see cref="RecordTable.SchemaNote"/> says so. Every feature is a number (an
/// unparsable value is an error); rows are ordered by <c>window_start</c> and grouped by <c>entity</c>.</remarks>
internal static class FeatureCsvReader
{
    /// <summary>The entity column's name.</summary>
    public const string EntityColumn = "entity";

    /// <summary>The time column's name.</summary>
    public const string TimeColumn = "window_start";

    /// <summary>The optional label column's name.</summary>
    public const string LabelColumn = "label";

    /// <summary>The first word of the schema line.</summary>
    public const string SchemaLinePrefix = "#edgelstm-schema";

    private const string NameKey = "name";
    private const string VersionKey = "version";
    private const string WindowKey = "window_seconds";
    private const string FeaturesKey = "features";

    /// <summary>Returns the schema line that opens a feature CSV of <paramref name="schema"/>, without a line break.</summary>
    /// <param name="schema">The schema of the rows that follow.</param>
    /// <returns>Such as <c>#edgelstm-schema name=edgelstm.host-window version=1 window_seconds=5 features=48</c>.</returns>
    /// <exception cref="ArgumentException">The schema's name holds a space, comma or quote, which the line cannot carry.</exception>
    public static string SchemaLine(FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.Name.AsSpan().IndexOfAny(" \t,\"") >= 0)
        {
            throw new ArgumentException($"The schema name '{schema.Name}' holds a space, comma or quote.", nameof(schema));
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{SchemaLinePrefix} {NameKey}={schema.Name} {VersionKey}={schema.Version} {WindowKey}={schema.Window.TotalSeconds:R} {FeaturesKey}={schema.FeatureCount}");
    }

    /// <summary>Reads feature CSV files (gzip transparently) into one table that carries their schema.</summary>
    /// <param name="paths">The files; all must hold the same schema.</param>
    /// <exception cref="DatasetFormatException">A file is empty, its schema line is malformed or disagrees with its header,
    /// its header does not start with <c>entity,window_start</c>, a feature is not a number, or the files hold different schemas.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static RecordTable Read(IReadOnlyList<string> paths)
    {
        var tables = new List<RecordTable>(paths.Count);
        foreach (string path in paths)
        {
            (DeclaredSchema? declared, List<string> header, long headerLine) = Header(path);
            bool hasLabel = header[^1] == LabelColumn;
            List<string> features = header.GetRange(2, header.Count - (hasLabel ? 3 : 2));
            var options = new CsvTableOptions
            {
                LabelColumn = null,
                TimeColumn = TimeColumn,
                EntityColumn = EntityColumn,
                ColumnKinds = features.ToDictionary(name => name, _ => ColumnKind.Numeric, StringComparer.Ordinal),
                OnlyKnownColumns = true,
                StrictNumbers = true,
                DropIdentifierColumns = false,
                SkipLeadingComments = true,
            };
            RecordTable table = CsvTableReader.Read(path, hasLabel ? options with { LabelColumn = LabelColumn } : options);
            tables.Add(WithSchema(table, path, declared, features, headerLine));
        }

        return RecordTable.Concat(tables);
    }

    /// <summary>Reads one feature CSV file.</summary>
    /// <exception cref="DatasetFormatException">See <see cref="Read(IReadOnlyList{string})"/>.</exception>
    public static RecordTable Read(string path) => Read([path]);

    private static RecordTable WithSchema(RecordTable table, string path, DeclaredSchema? declared, List<string> features, long headerLine)
    {
        if (declared is not null)
        {
            if (declared.FeatureCount != features.Count)
            {
                throw new DatasetFormatException(path, headerLine, null, $"the schema line declares {declared.FeatureCount} features but the header names {features.Count}");
            }

            return table.WithSchema(new FeatureSchema(declared.Name, declared.Version, features, TimeSpan.FromSeconds(declared.WindowSeconds)), note: null);
        }

        (double window, string how) = InferWindow(table.Times);
        string note = string.Create(CultureInfo.InvariantCulture,
            $"{path} has no schema line (written before feature CSVs carried their schema): read as {HostWindowFeatures.SchemaName} v{HostWindowFeatures.SchemaVersion} with a {window:0.######} s window {how}; run features again to record the schema.");
        return table.WithSchema(new FeatureSchema(HostWindowFeatures.SchemaName, HostWindowFeatures.SchemaVersion, features, TimeSpan.FromSeconds(window)), note);
    }

    // Window starts are multiples of the window length: the smallest gap between two of them is one window, unless the
    // data has a single window start (then the extractor's default).
    private static (double Seconds, string How) InferWindow(double[]? times)
    {
        double fallback = new WindowFeatureOptions().Window.TotalSeconds;
        double[] sorted = times is null ? [] : [.. times.Distinct().Order()];
        double smallest = double.PositiveInfinity;
        for (int i = 1; i < sorted.Length; i++)
        {
            smallest = Math.Min(smallest, sorted[i] - sorted[i - 1]);
        }

        // Starts are written with millisecond precision: round the gap to it.
        return double.IsFinite(smallest) && smallest > 0
            ? (Math.Round(smallest, 3), "inferred from the spacing of window_start (a guess: if no two window starts in the file are one window apart, it is a multiple of the true window)")
            : (fallback, "assumed (the default: the file has fewer than two window starts, so the spacing says nothing)");
    }

    private static (DeclaredSchema? Schema, List<string> Header, long HeaderLine) Header(string path)
    {
        using DelimitedReader reader = DelimitedReader.Open(path);
        var names = new List<string>();
        DeclaredSchema? schema = null;
        bool read = reader.ReadRecord(names);
        while (read && names[0].StartsWith('#'))
        {
            if (schema is not null || reader.RecordLine != 1)
            {
                throw new DatasetFormatException(path, reader.RecordLine, null, "only the first line of a feature CSV may be a '#' line (the schema line)");
            }

            schema = ParseSchemaLine(path, string.Join(',', names));
            read = reader.ReadRecord(names);
        }

        if (!read)
        {
            throw new DatasetFormatException(path, 0, null, "the file is empty: it has no header row");
        }

        for (int i = 0; i < names.Count; i++)
        {
            names[i] = names[i].Trim();
        }

        string[] leading = [EntityColumn, TimeColumn];
        for (int i = 0; i < leading.Length; i++)
        {
            if (names.Count <= i || names[i] != leading[i])
            {
                throw new DatasetFormatException(path, reader.RecordLine, names.Count > i ? names[i] : leading[i],
                    $"column {i + 1} of a feature CSV must be '{leading[i]}' (header: entity,window_start,<features…>[,label])");
            }
        }

        return (schema, names, reader.RecordLine);
    }

    private static DeclaredSchema ParseSchemaLine(string path, string line)
    {
        string[] words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || words[0] != SchemaLinePrefix)
        {
            throw new DatasetFormatException(path, 1, null, $"the first line starts with '#' but is not a schema line ('{SchemaLinePrefix} {NameKey}=… {VersionKey}=… {WindowKey}=… {FeaturesKey}=…')");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string word in words.Skip(1))
        {
            int equals = word.IndexOf('=', StringComparison.Ordinal);
            string key = equals < 0 ? word : word[..equals];
            if (equals <= 0 || key is not (NameKey or VersionKey or WindowKey or FeaturesKey) || !values.TryAdd(key, word[(equals + 1)..]))
            {
                throw new DatasetFormatException(path, 1, null, $"schema line: '{word}' is not one of {NameKey}=, {VersionKey}=, {WindowKey}=, {FeaturesKey}= (each once)");
            }
        }

        string Value(string key) => values.TryGetValue(key, out string? value) && value.Length > 0
            ? value
            : throw new DatasetFormatException(path, 1, null, $"schema line: '{key}=' is missing");
        string name = Value(NameKey);
        if (!int.TryParse(Value(VersionKey), NumberStyles.None, CultureInfo.InvariantCulture, out int version) || version < 1)
        {
            throw new DatasetFormatException(path, 1, null, $"schema line: {VersionKey} '{values[VersionKey]}' is not a positive integer");
        }

        // The window must be one the extractor can compute: the agent builds its extractor from it.
        if (!double.TryParse(Value(WindowKey), NumberStyles.Float, CultureInfo.InvariantCulture, out double window)
            || !(window == 0 || WindowFeatureOptions.IsComputableWindow(window)))
        {
            throw new DatasetFormatException(path, 1, null, $"schema line: {WindowKey} '{values[WindowKey]}' is not 0 or a window length of {WindowFeatureOptions.MinimumWindow.TotalSeconds} to {WindowFeatureOptions.MaximumWindow.TotalSeconds} seconds");
        }

        if (!int.TryParse(Value(FeaturesKey), NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            throw new DatasetFormatException(path, 1, null, $"schema line: {FeaturesKey} '{values[FeaturesKey]}' is not a count");
        }

        return new DeclaredSchema(name, version, window, count);
    }

    private sealed record DeclaredSchema(string Name, int Version, double WindowSeconds, int FeatureCount);
}
