namespace EdgeLstm.Trainer.Data;

/// <summary>Reads the feature CSV that the traffic-features command writes: header <c>entity,window_start,&lt;feature…&gt;[,label]</c>, one row per host per window.</summary>
/// <remarks>Every feature is a number (an unparsable value is an error); rows are ordered by <c>window_start</c> and grouped by <c>entity</c>.</remarks>
internal static class FeatureCsvReader
{
    /// <summary>The entity column's name.</summary>
    public const string EntityColumn = "entity";

    /// <summary>The time column's name.</summary>
    public const string TimeColumn = "window_start";

    /// <summary>The optional label column's name.</summary>
    public const string LabelColumn = "label";

    /// <summary>Reads feature CSV files (gzip transparently) into one table.</summary>
    /// <param name="paths">The files.</param>
    /// <param name="expectedFeatures">The feature names a model reads, in order, or <see langword="null"/> to accept the file's features; with names, any other column is an error.</param>
    /// <exception cref="DatasetFormatException">A file is empty, its header does not start with <c>entity,window_start</c>, it has a column the model does not know or lacks one it needs, or a feature is not a number.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static RecordTable Read(IReadOnlyList<string> paths, IReadOnlyList<string>? expectedFeatures = null)
    {
        var tables = new List<RecordTable>(paths.Count);
        foreach (string path in paths)
        {
            List<string> header = Header(path);
            bool hasLabel = header[^1] == LabelColumn;
            List<string> features = header.GetRange(2, header.Count - (hasLabel ? 3 : 2));
            if (expectedFeatures is not null)
            {
                CheckFeatures(path, features, expectedFeatures);
            }

            var options = new CsvTableOptions
            {
                LabelColumn = null,
                TimeColumn = TimeColumn,
                EntityColumn = EntityColumn,
                ColumnKinds = features.ToDictionary(name => name, _ => ColumnKind.Numeric, StringComparer.Ordinal),
                OnlyKnownColumns = true,
                StrictNumbers = true,
                DropIdentifierColumns = false,
            };
            tables.Add(CsvTableReader.Read(path, hasLabel ? options with { LabelColumn = LabelColumn } : options));
        }

        return RecordTable.Concat(tables);
    }

    /// <summary>Reads one feature CSV file.</summary>
    /// <exception cref="DatasetFormatException">See <see cref="Read(IReadOnlyList{string}, IReadOnlyList{string})"/>.</exception>
    public static RecordTable Read(string path, IReadOnlyList<string>? expectedFeatures = null) => Read([path], expectedFeatures);

    private static List<string> Header(string path)
    {
        using DelimitedReader reader = DelimitedReader.Open(path);
        var names = new List<string>();
        if (!reader.ReadRecord(names))
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

        return names;
    }

    private static void CheckFeatures(string path, List<string> features, IReadOnlyList<string> expected)
    {
        foreach (string name in features)
        {
            if (!expected.Contains(name))
            {
                throw new DatasetFormatException(path, 1, name, "unknown column: the model has no feature of this name");
            }
        }

        foreach (string name in expected)
        {
            if (!features.Contains(name))
            {
                throw new DatasetFormatException(path, 1, name, "the header has no such column, but the model reads it");
            }
        }
    }
}
