using System.Globalization;

namespace EdgeLstm.Trainer.Data;

/// <summary>Reads Zeek conn.log files: Zeek's TSV (with <c>#separator</c>, <c>#fields</c> and <c>#types</c> header lines) or the same fields as CSV with a header row (IoT-23).</summary>
/// <remarks>
/// The format is told by the first line: <c>#separator</c> means TSV. Unset (<c>-</c>) and empty (<c>(empty)</c>) fields are
/// missing values. Identifiers (uid, ports, responder address, tunnel parents) and the detailed label are never features.
/// IoT-23's labeled logs separate their last three fields with three spaces instead of a tab; both are accepted.
/// </remarks>
internal static class ZeekConnReader
{
    /// <summary>The schema name stored in models trained on this format.</summary>
    public const string Schema = "zeek-conn";

    // IoT-23's labeled logs end with "tunnel_parents   label   detailed-label": three spaces, not tabs.
    private const string TripleSpaces = "   ";

    /// <summary>Gets the conn.log fields read as features by default, and their kinds.</summary>
    public static IReadOnlyDictionary<string, ColumnKind> DefaultFeatureKinds { get; } = new Dictionary<string, ColumnKind>(StringComparer.Ordinal)
    {
        ["proto"] = ColumnKind.Categorical,
        ["service"] = ColumnKind.Categorical,
        ["duration"] = ColumnKind.Numeric,
        ["orig_bytes"] = ColumnKind.Numeric,
        ["resp_bytes"] = ColumnKind.Numeric,
        ["conn_state"] = ColumnKind.Categorical,
        ["local_orig"] = ColumnKind.Categorical,
        ["local_resp"] = ColumnKind.Categorical,
        ["missed_bytes"] = ColumnKind.Numeric,
        ["history"] = ColumnKind.Categorical,
        ["orig_pkts"] = ColumnKind.Numeric,
        ["orig_ip_bytes"] = ColumnKind.Numeric,
        ["resp_pkts"] = ColumnKind.Numeric,
        ["resp_ip_bytes"] = ColumnKind.Numeric,
    };

    /// <summary>Reads conn.log files (TSV or CSV, gzip transparently) into one table.</summary>
    /// <exception cref="DatasetFormatException">A file is empty, lacks the label, time or entity column, has a malformed record, or a numeric field is not a number.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static RecordTable Read(IReadOnlyList<string> paths, ZeekConnOptions options)
    {
        var tables = new List<RecordTable>(paths.Count);
        foreach (string path in paths)
        {
            tables.Add(TsvSeparator(path) is char separator ? ReadTsv(path, separator, options) : ReadCsv(path, options));
        }

        return RecordTable.Concat(tables);
    }

    /// <summary>Reads one conn.log file.</summary>
    /// <exception cref="DatasetFormatException">See <see cref="Read(IReadOnlyList{string}, ZeekConnOptions)"/>.</exception>
    public static RecordTable Read(string path, ZeekConnOptions options) => Read([path], options);

    // Zeek's first line declares the separator as a hex escape ("#separator \x09"); a file without it is the CSV form.
    private static char? TsvSeparator(string path)
    {
        using TextReader reader = DataFile.OpenText(path);
        string? line = reader.ReadLine();
        if (line?.StartsWith("#separator", StringComparison.Ordinal) != true)
        {
            return null;
        }

        string value = line["#separator".Length..].Trim();
        return value.StartsWith("\\x", StringComparison.Ordinal) && value.Length == 4
            && int.TryParse(value.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code)
            ? (char)code
            : '\t';
    }

    private static RecordTable ReadCsv(string path, ZeekConnOptions options)
    {
        IReadOnlyDictionary<string, ColumnKind> kinds = options.FeatureKinds ?? DefaultFeatureKinds;
        var csv = new CsvTableOptions
        {
            LabelColumn = options.LabelColumn,
            TimeColumn = options.TimeColumn,
            EntityColumn = options.EntityColumn,
            ColumnKinds = kinds,
            OnlyKnownColumns = true,
            RequiredColumns = options.FeatureKinds is null ? [] : [.. options.FeatureKinds.Keys],
            StrictNumbers = true,
            DropIdentifierColumns = false,
        };
        return CsvTableReader.Read(path, csv);
    }

    private static RecordTable ReadTsv(string path, char separator, ZeekConnOptions options)
    {
        using DelimitedReader reader = DelimitedReader.Open(path, separator, quoting: false);
        string unset = "-";
        string empty = "(empty)";
        RecordTableBuilder? builder = null;
        while (reader.Read())
        {
            reader.SplitFields(TripleSpaces);
            if (reader[0].StartsWith('#'))
            {
                ReadOnlySpan<char> directive = reader[0];
                if (directive.StartsWith("#unset_field", StringComparison.Ordinal) && reader.FieldCount > 1)
                {
                    unset = reader[1].ToString();
                }
                else if (directive.StartsWith("#empty_field", StringComparison.Ordinal) && reader.FieldCount > 1)
                {
                    empty = reader[1].ToString();
                }
                else if (directive.SequenceEqual("#fields"))
                {
                    List<string> names = [.. Enumerable.Range(1, reader.FieldCount - 1).Select(f => reader[f].ToString())];
                    builder = new RecordTableBuilder(path, names, Roles(path, reader.RecordLine, names, options), strictNumbers: true);
                }

                continue;
            }

            if (builder is null)
            {
                throw new DatasetFormatException(path, reader.RecordLine, null, "a record comes before the #fields header line");
            }

            for (int f = 0; f < reader.FieldCount; f++)
            {
                if (reader[f].SequenceEqual(unset) || reader[f].SequenceEqual(empty))
                {
                    reader.ClearField(f);
                }
            }

            builder.Add(reader);
        }

        return builder?.Build() ?? throw new DatasetFormatException(path, 0, null, "the file is empty: it has no #fields header line and no records");
    }

    private static FieldRole[] Roles(string path, long line, List<string> names, ZeekConnOptions options)
    {
        IReadOnlyDictionary<string, ColumnKind> kinds = options.FeatureKinds ?? DefaultFeatureKinds;
        var roles = new FieldRole[names.Count];
        for (int f = 0; f < names.Count; f++)
        {
            roles[f] = !kinds.TryGetValue(names[f], out ColumnKind kind) ? FieldRole.Ignore
                : kind == ColumnKind.Numeric ? FieldRole.Numeric : FieldRole.Categorical;
        }

        Assign(options.LabelColumn, FieldRole.Label, "label column missing: the #fields line has no such field");
        Assign(options.TimeColumn, FieldRole.Time, "unknown time column: the #fields line has no such field");
        Assign(options.EntityColumn, FieldRole.Entity, "unknown entity column: the #fields line has no such field");
        if (options.FeatureKinds is not null)
        {
            foreach (string required in options.FeatureKinds.Keys)
            {
                if (!names.Contains(required))
                {
                    throw new DatasetFormatException(path, line, required, "the #fields line has no such field, but the model reads it");
                }
            }
        }

        return roles;

        void Assign(string? column, FieldRole role, string problem)
        {
            if (column is null)
            {
                return;
            }

            int index = names.IndexOf(column);
            if (index < 0)
            {
                throw new DatasetFormatException(path, line, column, problem);
            }

            roles[index] = role;
        }
    }
}
