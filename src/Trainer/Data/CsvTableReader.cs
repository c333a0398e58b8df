namespace EdgeLstm.Trainer.Data;

/// <summary>Reads delimited files with a header row (CICFlowMeter-, UNSW-NB15- and Zeek-CSV-style flow tables) into a <see cref="RecordTable"/>.</summary>
/// <remarks>
/// Column kinds come from <see cref="CsvTableOptions.ColumnKinds"/> or are inferred over all the files first: a column is numeric
/// when at most <see cref="CsvTableOptions.InvalidNumberTolerance"/> of its non-missing values fail to parse as numbers, otherwise
/// categorical. In numeric columns, missing markers, infinities and (unless strict) non-numbers become NaN and are counted per
/// column; the preprocessor imputes them with the training mean.
/// </remarks>
internal static class CsvTableReader
{
    // Normalized names (lower case, no spaces, underscores, dots or dashes) of identifier and label-like columns.
    private static readonly HashSet<string> s_identifierNames =
    [
        "flowid", "id", "uid", "srcip", "sourceip", "dstip", "destinationip", "srcaddr", "dstaddr", "saddr", "daddr",
        "srcport", "sourceport", "dstport", "destinationport", "sport", "dport", "dsport",
        "timestamp", "stime", "ltime", "ts", "starttime", "lasttime",
        "idorigh", "idorigp", "idresph", "idrespp", "tunnelparents",
        "label", "attackcat", "detailedlabel", "attacktype", "attack", "class",
    ];

    /// <summary>Reads one file.</summary>
    /// <exception cref="DatasetFormatException">The file is empty, lacks a named column, or has a malformed record.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static RecordTable Read(string path, CsvTableOptions options) => Read([path], options);

    /// <summary>Reads files with the same columns into one table, inferring column kinds over all of them.</summary>
    /// <exception cref="DatasetFormatException">A file is empty, lacks a named column, or has a malformed record.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static RecordTable Read(IReadOnlyList<string> paths, CsvTableOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfZero(paths.Count);
        IReadOnlyDictionary<string, ColumnKind> kinds = options.OnlyKnownColumns ? options.ColumnKinds : InferColumnKinds(paths, options);
        var tables = new List<RecordTable>(paths.Count);
        foreach (string path in paths)
        {
            tables.Add(ReadOne(path, options, kinds));
        }

        return RecordTable.Concat(tables);
    }

    /// <summary>Returns whether a column name is an identifier (flow id, address, port, timestamp) or a label-like column, which leak or do not generalize and are dropped by default.</summary>
    public static bool IsIdentifierColumn(string name)
    {
        Span<char> normalized = stackalloc char[Math.Min(name.Length, 64)];
        int length = 0;
        foreach (char c in name)
        {
            if (c is not (' ' or '_' or '.' or '-') && length < normalized.Length)
            {
                normalized[length++] = char.ToLowerInvariant(c);
            }
        }

        return s_identifierNames.GetAlternateLookup<ReadOnlySpan<char>>().Contains(normalized[..length]);
    }

    /// <summary>Infers the kind of every feature column over all files; kinds given in the options are kept.</summary>
    /// <exception cref="DatasetFormatException">A file is empty or lacks a named column.</exception>
    public static Dictionary<string, ColumnKind> InferColumnKinds(IReadOnlyList<string> paths, CsvTableOptions options)
    {
        var kinds = new Dictionary<string, ColumnKind>(options.ColumnKinds, StringComparer.Ordinal);
        var counts = new Dictionary<string, (long Numbers, long Invalid)>(StringComparer.Ordinal);
        foreach (string path in paths)
        {
            using DelimitedReader reader = DelimitedReader.Open(path, options.Delimiter);
            (List<string> names, FieldRole[] roles) = ReadHeader(reader, options, kinds, inferring: true);
            bool[] candidate = [.. Enumerable.Range(0, names.Count).Select(f => roles[f] == FieldRole.Numeric && !kinds.ContainsKey(names[f]))];
            long[] numbers = new long[names.Count];
            long[] invalid = new long[names.Count];
            int reached = 0;
            while (reader.Read())
            {
                reached = Math.Max(reached, Math.Min(reader.FieldCount, names.Count));
                for (int f = 0; f < Math.Min(reader.FieldCount, names.Count); f++)
                {
                    if (candidate[f])
                    {
                        NumericValueKind kind = NumericValue.Parse(reader[f], out _);
                        numbers[f] += kind is NumericValueKind.Finite or NumericValueKind.Infinite ? 1 : 0;
                        invalid[f] += kind == NumericValueKind.Invalid ? 1 : 0;
                    }
                }
            }

            for (int f = 0; f < reached; f++)
            {
                if (candidate[f])
                {
                    (long n, long i) = counts.GetValueOrDefault(names[f]);
                    counts[names[f]] = (n + numbers[f], i + invalid[f]);
                }
            }
        }

        foreach ((string name, (long numbers, long invalid)) in counts)
        {
            bool numeric = invalid <= options.InvalidNumberTolerance * (numbers + invalid);
            kinds[name] = numeric ? ColumnKind.Numeric : ColumnKind.Categorical;
        }

        return kinds;
    }

    private static RecordTable ReadOne(string path, CsvTableOptions options, IReadOnlyDictionary<string, ColumnKind> kinds)
    {
        using DelimitedReader reader = DelimitedReader.Open(path, options.Delimiter);
        (List<string> names, FieldRole[] roles) = ReadHeader(reader, options, kinds, inferring: false);
        var builder = new RecordTableBuilder(path, names, roles, options.StrictNumbers);
        while (reader.Read())
        {
            builder.Add(reader);
        }

        return builder.Build();
    }

    // Reads the header and gives each field its role; when inferring, columns of unknown kind are marked Numeric as candidates.
    private static (List<string> Names, FieldRole[] Roles) ReadHeader(
        DelimitedReader reader, CsvTableOptions options, IReadOnlyDictionary<string, ColumnKind> kinds, bool inferring)
    {
        var names = new List<string>();
        bool read = reader.ReadRecord(names);
        while (read && options.SkipLeadingComments && names[0].StartsWith('#'))
        {
            read = reader.ReadRecord(names);
        }

        if (!read)
        {
            throw new DatasetFormatException(reader.FilePath, 0, null, "the file is empty: it has no header row");
        }

        long line = reader.RecordLine;
        for (int f = 0; f < names.Count; f++)
        {
            names[f] = names[f].Trim();
            if (names.IndexOf(names[f]) != f)
            {
                throw new DatasetFormatException(reader.FilePath, line, names[f], "the header names this column twice");
            }
        }

        var roles = new FieldRole[names.Count];
        for (int f = 0; f < names.Count; f++)
        {
            string name = names[f];
            bool dropped = options.DropColumns.Contains(name) || (options.DropIdentifierColumns && IsIdentifierColumn(name));
            if (kinds.TryGetValue(name, out ColumnKind kind))
            {
                roles[f] = kind == ColumnKind.Numeric ? FieldRole.Numeric : FieldRole.Categorical;
            }
            else
            {
                // While inferring, every candidate column is scanned as numeric; after inference every candidate has a kind,
                // so Categorical here only meets columns of a file without data rows, which is then rejected as empty.
                roles[f] = dropped || options.OnlyKnownColumns ? FieldRole.Ignore : inferring ? FieldRole.Numeric : FieldRole.Categorical;
            }

            if (roles[f] != FieldRole.Ignore && name.Contains('=', StringComparison.Ordinal))
            {
                throw new DatasetFormatException(reader.FilePath, line, name, "a feature column name must not contain '=' (it separates a column from its value in one-hot feature names)");
            }
        }

        string? label = options.LabelOptional && options.LabelColumn is { } optional && !names.Contains(optional, StringComparer.OrdinalIgnoreCase) ? null : options.LabelColumn;
        AssignRole(reader, names, roles, line, label, FieldRole.Label, "label column missing: the header has no such column");
        AssignRole(reader, names, roles, line, options.TimeColumn, FieldRole.Time, "unknown time column: the header has no such column");
        AssignRole(reader, names, roles, line, options.EntityColumn, FieldRole.Entity, "unknown entity column: the header has no such column");
        foreach (string required in options.RequiredColumns)
        {
            if (!names.Contains(required))
            {
                throw new DatasetFormatException(reader.FilePath, line, required, "the header has no such column, but the model reads it");
            }
        }

        return (names, roles);
    }

    private static void AssignRole(DelimitedReader reader, List<string> names, FieldRole[] roles, long line, string? column, FieldRole role, string problem)
    {
        if (column is null)
        {
            return;
        }

        int index = names.IndexOf(column);
        if (index < 0)
        {
            int[] matches = [.. Enumerable.Range(0, names.Count).Where(i => string.Equals(names[i], column, StringComparison.OrdinalIgnoreCase))];
            index = matches.Length == 1 ? matches[0] : -1;
        }

        if (index < 0)
        {
            throw new DatasetFormatException(reader.FilePath, line, column, $"{problem} (columns: {string.Join(", ", names)})");
        }

        roles[index] = role;
    }
}
