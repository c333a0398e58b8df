using EdgeLstm.Model;

namespace EdgeLstm.Trainer.Data;

/// <summary>Reads a dataset in any supported format and prepares model-ready sequences: fitted on training data, or with a model's stored preprocessing.</summary>
internal static class DatasetLoader
{
    private static readonly string[] s_benignDefaults = ["benign", "normal", "0"];

    /// <summary>Returns the schema name stored in models trained on a spec's data.</summary>
    public static string SchemaOf(DatasetSpec spec) => spec.Schema ?? spec.Format switch
    {
        DatasetFormat.NslKdd => NslKddReader.Schema,
        DatasetFormat.Zeek => ZeekConnReader.Schema,
        DatasetFormat.Features => "edgelstm.host-window",
        _ => "flow-csv",
    };

    /// <summary>Reads a spec's files into one table; with a model's preprocessor, only the columns it reads (each required).</summary>
    /// <exception cref="DatasetFormatException">A file cannot be read as the format; the message names file, line and column.</exception>
    /// <exception cref="IOException">A file cannot be opened.</exception>
    public static RecordTable Read(DatasetSpec spec, Preprocessor? model = null)
    {
        if (spec.Paths.Count == 0)
        {
            throw new ArgumentException("No data files were given.", nameof(spec));
        }

        string? label = spec.Unlabeled ? null : spec.LabelColumn ?? "label";
        switch (spec.Format)
        {
            case DatasetFormat.NslKdd:
                string columns = spec.ColumnsPath ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(spec.Paths[0]))!, "columns.txt");
                return NslKddReader.Read(spec.Paths, columns);
            case DatasetFormat.Zeek:
                var zeek = new ZeekConnOptions { LabelColumn = label, FeatureKinds = model?.SourceColumnKinds };
                return ZeekConnReader.Read(spec.Paths, zeek);
            case DatasetFormat.Features:
                return FeatureCsvReader.Read(spec.Paths, model?.Features.Select(f => f.Name).ToArray());
            default:
                var csv = new CsvTableOptions { LabelColumn = label, TimeColumn = spec.TimeColumn, EntityColumn = spec.EntityColumn, DropColumns = spec.DropColumns };
                return CsvTableReader.Read(spec.Paths, model is null ? csv : model.ReaderOptions(csv));
        }
    }

    /// <summary>Reads training data, fits the preprocessing on it and cuts it into sequences.</summary>
    /// <param name="spec">The data.</param>
    /// <param name="sequences">How to cut windows.</param>
    /// <param name="preprocessing">The preprocessing options, or <see langword="null"/> for the defaults.</param>
    /// <param name="fitOnBenignOnly">Whether the preprocessing is fitted on benign rows only (next-step training on benign traffic).</param>
    /// <exception cref="DatasetFormatException">A file cannot be read, labels are missing, a label is unknown, or no benign label is found.</exception>
    public static PreparedDataset PrepareForTraining(DatasetSpec spec, SequenceOptions sequences, PreprocessorOptions? preprocessing = null, bool fitOnBenignOnly = false)
    {
        RecordTable table = Read(spec);
        (int[] labels, IReadOnlyList<string> classNames) = Label(spec, table, null);
        bool[]? rows = fitOnBenignOnly ? [.. labels.Select(l => l == 0)] : null;
        Preprocessor preprocessor = Preprocessor.Fit(table, preprocessing, rows);
        return Prepare(spec, table, preprocessor, labels, classNames, sequences);
    }

    /// <summary>Reads data for a trained model: its stored preprocessing and class names are used, nothing is fitted.</summary>
    /// <param name="spec">The data; format, label and multi-class settings must be those the model was trained with.</param>
    /// <param name="normalization">The model's feature normalization.</param>
    /// <param name="classNames">The model's class names, benign first.</param>
    /// <param name="sequences">How to cut windows (steps: the model's sequence length).</param>
    /// <exception cref="DatasetFormatException">The data's schema differs from the model's, a column the model reads is missing, a file cannot be read, or a label is not one of the model's classes.</exception>
    public static PreparedDataset PrepareForModel(DatasetSpec spec, FeatureNormalization normalization, IReadOnlyList<string> classNames, SequenceOptions sequences)
    {
        string schema = SchemaOf(spec);
        if (schema != normalization.Schema)
        {
            throw new DatasetFormatException(spec.Paths.Count > 0 ? spec.Paths[0] : "(no file)", 0, null,
                $"the model reads schema '{normalization.Schema}' but this data is '{schema}' (format {spec.Format})");
        }

        Preprocessor preprocessor = Preprocessor.FromNormalization(normalization);
        RecordTable table = Read(spec, preprocessor);
        (int[] labels, IReadOnlyList<string> names) = Label(spec, table, classNames);
        return Prepare(spec, table, preprocessor, labels, names, sequences);
    }

    /// <summary>Returns the benign label: the configured one, else the first of <c>benign</c>, <c>normal</c>, <c>0</c> among the table's labels (as spelled there).</summary>
    /// <exception cref="DatasetFormatException">None is configured and none of the defaults occurs.</exception>
    public static string ResolveBenignValue(RecordTable table, string? configured)
    {
        if (configured is not null)
        {
            return configured;
        }

        foreach (string candidate in s_benignDefaults)
        {
            string? found = table.LabelValues.FirstOrDefault(v => string.Equals(v, candidate, StringComparison.OrdinalIgnoreCase));
            if (found is not null)
            {
                return found;
            }
        }

        throw new DatasetFormatException(table.Sources[0], 0, table.LabelColumn,
            $"no benign label (benign, normal or 0) among the labels {string.Join(", ", table.LabelValues.Take(10))}; name the benign value");
    }

    private static (int[] Labels, IReadOnlyList<string> ClassNames) Label(DatasetSpec spec, RecordTable table, IReadOnlyList<string>? modelClasses)
    {
        if (spec.Unlabeled)
        {
            return (new int[table.RowCount], modelClasses ?? [spec.BenignValue ?? "benign"]);
        }

        table.RequireLabels();
        ClassMap map = (spec.Format, spec.MultiClass, modelClasses) switch
        {
            (_, true, not null) => ClassMap.Named(modelClasses),
            (_, false, { Count: 2 }) => ClassMap.Binary(modelClasses[0], modelClasses[1]),
            (DatasetFormat.NslKdd, true, null) => ClassMap.Named(NslKddAttacks.ClassNames),
            (DatasetFormat.NslKdd, false, null) => ClassMap.Binary(NslKddAttacks.Normal),
            (_, true, null) => ClassMap.FitMultiClass(table, ResolveBenignValue(table, spec.BenignValue)),
            _ => ClassMap.Binary(ResolveBenignValue(table, spec.BenignValue)),
        };
        return (map.Encode(table), map.ClassNames);
    }

    private static PreparedDataset Prepare(DatasetSpec spec, RecordTable table, Preprocessor preprocessor, int[] labels, IReadOnlyList<string> classNames, SequenceOptions sequences)
    {
        float[] inputs = preprocessor.Transform(table, out long unseen);
        SequenceDataset dataset = SequenceBuilder.Build(table, inputs, preprocessor.FeatureCount, labels, classNames, sequences);
        return new PreparedDataset
        {
            Table = table,
            Preprocessor = preprocessor,
            Normalization = preprocessor.ToNormalization(SchemaOf(spec), 1, spec.Format == DatasetFormat.Features ? spec.WindowSeconds : 0),
            ClassNames = classNames,
            RowLabels = labels,
            Sequences = dataset,
            UnseenCategories = unseen,
        };
    }
}
