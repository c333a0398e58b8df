namespace EdgeLstm.Trainer.Data;

/// <summary>Reads NSL-KDD files: headerless CSV whose column names come from a separate file with one name per line.</summary>
/// <remarks>
/// <c>protocol_type</c>, <c>service</c> and <c>flag</c> are categorical, every other feature must be a number; the
/// <c>attack_type</c> column is the label and <c>difficulty</c> is dropped (it describes how hard a record was for earlier
/// classifiers, so it would leak).
/// </remarks>
internal static class NslKddReader
{
    /// <summary>The label column's name in <c>columns.txt</c>.</summary>
    public const string LabelColumn = "attack_type";

    /// <summary>The schema name stored in models trained on this format.</summary>
    public const string Schema = "nsl-kdd";

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

    /// <summary>Reads NSL-KDD data files (gzip transparently) with the names from a column-names file.</summary>
    /// <param name="paths">The data files (for example KDDTrain+.txt).</param>
    /// <param name="columnsPath">The column-names file (columns.txt).</param>
    /// <param name="labeling">What each record's label is.</param>
    /// <exception cref="DatasetFormatException">A file is empty, a record has the wrong number of fields, a numeric field is not a number, or an attack name is not in the standard table.</exception>
    public static RecordTable Read(IReadOnlyList<string> paths, string columnsPath, NslKddLabeling labeling = NslKddLabeling.FiveClass)
    {
        List<string> names = ReadColumnNames(columnsPath);
        var roles = new FieldRole[names.Count];
        for (int f = 0; f < names.Count; f++)
        {
            roles[f] = names[f] switch
            {
                LabelColumn => FieldRole.Label,
                "difficulty" => FieldRole.Ignore,
                _ when s_categorical.Contains(names[f]) => FieldRole.Categorical,
                _ => FieldRole.Numeric,
            };
        }

        int labelField = names.IndexOf(LabelColumn);
        var tables = new List<RecordTable>(paths.Count);
        var fields = new List<string>(names.Count);
        foreach (string path in paths)
        {
            var builder = new RecordTableBuilder(path, names, roles, strictNumbers: true);
            using DelimitedReader reader = DelimitedReader.Open(path);
            while (reader.ReadRecord(fields))
            {
                if (labelField < fields.Count)
                {
                    string attack = fields[labelField].Trim();
                    string classification = NslKddAttacks.ClassOf(attack)
                        ?? throw new DatasetFormatException(path, reader.RecordLine, LabelColumn, $"unknown attack name '{attack}': it is not in the standard NSL-KDD table");
                    fields[labelField] = labeling == NslKddLabeling.FiveClass ? classification : attack;
                }

                builder.Add(fields, reader.RecordLine);
            }

            tables.Add(builder.Build());
        }

        return RecordTable.Concat(tables);
    }

    /// <summary>Reads one NSL-KDD data file.</summary>
    /// <exception cref="DatasetFormatException">See <see cref="Read(IReadOnlyList{string}, string, NslKddLabeling)"/>.</exception>
    public static RecordTable Read(string path, string columnsPath, NslKddLabeling labeling = NslKddLabeling.FiveClass) =>
        Read([path], columnsPath, labeling);
}
