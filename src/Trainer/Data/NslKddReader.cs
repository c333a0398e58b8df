namespace EdgeLstm.Trainer.Data;

/// <summary>Reads NSL-KDD and KDD Cup 99 files: headerless CSV whose column names are the standard ones
/// (<see cref="ColumnNames"/>) or come from a separate file with one name per line.</summary>
/// <remarks>
/// <c>protocol_type</c>, <c>service</c> and <c>flag</c> are categorical, every other feature must be a number; the
/// <c>attack_type</c> column is the label and <c>difficulty</c> is dropped (it describes how hard a record was for earlier
/// classifiers, so it would leak). KDD Cup 99 files have no <c>difficulty</c> column (a record of 42 fields) and end
/// every label with a dot (<c>normal.</c>); both are accepted.
/// </remarks>
internal static class NslKddReader
{
    /// <summary>The label column's name in <c>columns.txt</c>.</summary>
    public const string LabelColumn = "attack_type";

    /// <summary>The schema name stored in models trained on this format.</summary>
    public const string Schema = "nsl-kdd";

    /// <summary>The standard column names of NSL-KDD: the 41 KDD Cup 99 features, the label and the difficulty.</summary>
    public static readonly IReadOnlyList<string> ColumnNames =
    [
        "duration", "protocol_type", "service", "flag", "src_bytes", "dst_bytes", "land", "wrong_fragment", "urgent", "hot",
        "num_failed_logins", "logged_in", "num_compromised", "root_shell", "su_attempted", "num_root", "num_file_creations",
        "num_shells", "num_access_files", "num_outbound_cmds", "is_host_login", "is_guest_login", "count", "srv_count",
        "serror_rate", "srv_serror_rate", "rerror_rate", "srv_rerror_rate", "same_srv_rate", "diff_srv_rate",
        "srv_diff_host_rate", "dst_host_count", "dst_host_srv_count", "dst_host_same_srv_rate", "dst_host_diff_srv_rate",
        "dst_host_same_src_port_rate", "dst_host_srv_diff_host_rate", "dst_host_serror_rate", "dst_host_srv_serror_rate",
        "dst_host_rerror_rate", "dst_host_srv_rerror_rate", LabelColumn, DifficultyColumn,
    ];

    private const string DifficultyColumn = "difficulty";

    private static readonly HashSet<string> s_categorical = ["protocol_type", "service", "flag"];

    /// <summary>Reads a column-names file: one name per non-blank line.</summary>
    /// <exception cref="DatasetFormatException">The file is empty, names a column twice, or has no <c>attack_type</c>.</exception>
    public static List<string> ReadColumnNames(string columnsPath)
    {
        var names = new List<string>();
        using TextReader reader = DataFile.OpenText(columnsPath);
        int lineNumber = 0;
        while (reader.ReadLine() is string line)
        {
            lineNumber++;
            string name = line.Trim();
            if (name.Length == 0)
            {
                continue;
            }

            if (names.Contains(name))
            {
                throw new DatasetFormatException(columnsPath, lineNumber, name, "the column is named twice");
            }

            names.Add(name);
        }

        if (names.Count == 0)
        {
            throw new DatasetFormatException(columnsPath, 0, null, "the file is empty: it names no columns");
        }

        if (!names.Contains(LabelColumn))
        {
            throw new DatasetFormatException(columnsPath, 0, LabelColumn, "label column missing: the column names do not include it");
        }

        return names;
    }

    /// <summary>Reads NSL-KDD or KDD Cup 99 data files (gzip transparently).</summary>
    /// <param name="paths">The data files (for example KDDTrain+.txt, kddcup.data_10_percent).</param>
    /// <param name="columnsPath">A column-names file (columns.txt), or <see langword="null"/> for the standard <see cref="ColumnNames"/>
    /// (without <c>difficulty</c> for a file whose first record has 42 fields, as KDD Cup 99's).</param>
    /// <param name="labeling">What each record's label is.</param>
    /// <exception cref="DatasetFormatException">A file is empty, a record has the wrong number of fields, a numeric field is not a number, or an attack name is not in the standard table.</exception>
    public static RecordTable Read(IReadOnlyList<string> paths, string? columnsPath, NslKddLabeling labeling = NslKddLabeling.FiveClass)
    {
        List<string>? given = columnsPath is null ? null : ReadColumnNames(columnsPath);
        var tables = new List<RecordTable>(paths.Count);
        foreach (string path in paths)
        {
            using DelimitedReader reader = DelimitedReader.Open(path);
            bool any = reader.Read();
            List<string> names = given ?? [.. reader.FieldCount == ColumnNames.Count - 1 ? ColumnNames.SkipLast(1) : ColumnNames];
            int labelField = names.IndexOf(LabelColumn);
            var builder = new RecordTableBuilder(path, names, Roles(names), strictNumbers: true);
            for (bool more = any; more; more = reader.Read())
            {
                string? label = null;
                if (labelField < reader.FieldCount)
                {
                    // KDD Cup 99 ends every label with a dot.
                    ReadOnlySpan<char> name = reader[labelField].Trim().TrimEnd('.');
                    if (!NslKddAttacks.TryGetClass(name, out string attack, out string classification))
                    {
                        throw new DatasetFormatException(path, reader.RecordLine, LabelColumn, $"unknown attack name '{name}': it is not in the standard NSL-KDD table");
                    }

                    // The file's own spelling names the attack (the table matches ignoring case).
                    label = labeling == NslKddLabeling.FiveClass ? classification : name.SequenceEqual(attack) ? attack : name.ToString();
                }

                builder.Add(reader, label);
            }

            tables.Add(builder.Build());
        }

        return RecordTable.Concat(tables);
    }

    private static FieldRole[] Roles(List<string> names) =>
    [
        .. names.Select(name => name switch
        {
            LabelColumn => FieldRole.Label,
            DifficultyColumn => FieldRole.Ignore,
            _ when s_categorical.Contains(name) => FieldRole.Categorical,
            _ => FieldRole.Numeric,
        }),
    ];

    /// <summary>Reads one NSL-KDD data file.</summary>
    /// <exception cref="DatasetFormatException">See <see cref="Read(IReadOnlyList{string}, string?, NslKddLabeling)"/>.</exception>
    public static RecordTable Read(string path, string? columnsPath, NslKddLabeling labeling = NslKddLabeling.FiveClass) =>
        Read([path], columnsPath, labeling);
}
