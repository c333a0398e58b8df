using EdgeLstm.Features.Windows;
using EdgeLstm.Model;

namespace EdgeLstm.Trainer.Data;

/// <summary>Turns table rows into standardized model inputs: numbers (log1p for heavy tails) and capped one-hot categories, fitted on training data only.</summary>
/// <remarks>
/// An input x becomes (t(x) − mean) / std with t = none or log1p, as <see cref="FeatureNormalization.Apply"/> computes it. A
/// numeric value that is missing, infinite or not a number is imputed with the training mean, so its input is 0. A category
/// without its own input goes to <c>column=&lt;other&gt;</c> when the column has one (it had more than the cap of values), and
/// otherwise sets no input. Everything is recoverable from the names, transforms, means and deviations stored in a model, so
/// <see cref="FromNormalization"/> rebuilds the same preprocessor.
/// </remarks>
internal sealed class Preprocessor
{
    /// <summary>The category name of the bucket for values without their own input.</summary>
    public const string OtherCategory = "<other>";

    private const string Log1p = "log1p";
    private const string None = "none";

    private Preprocessor(IReadOnlyList<FeatureSpec> features)
    {
        Features = features;
        var kinds = new Dictionary<string, ColumnKind>(StringComparer.Ordinal);
        foreach (FeatureSpec feature in features)
        {
            kinds.TryAdd(feature.Column, feature.Encoding == FeatureEncoding.Number ? ColumnKind.Numeric : ColumnKind.Categorical);
        }

        SourceColumnKinds = kinds;
    }

    /// <summary>Gets the model inputs, in order.</summary>
    public IReadOnlyList<FeatureSpec> Features { get; }

    /// <summary>Gets the number of model inputs (the model's input size m).</summary>
    public int FeatureCount => Features.Count;

    /// <summary>Gets the source columns the inputs read and their kinds, for a reader of another file (see <see cref="ReaderOptions"/>).</summary>
    public IReadOnlyDictionary<string, ColumnKind> SourceColumnKinds { get; }

    /// <summary>Fits the encoding, transforms and standardization on training rows.</summary>
    /// <param name="table">The training rows.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <param name="rows">The rows to fit on (for example only the benign ones for next-step training), or <see langword="null"/> for all.</param>
    /// <exception cref="ArgumentException"><paramref name="rows"/> does not have one flag per row.</exception>
    public static Preprocessor Fit(RecordTable table, PreprocessorOptions? options = null, bool[]? rows = null)
    {
        options ??= new PreprocessorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxCategories, 1);
        if (rows is not null && rows.Length != table.RowCount)
        {
            throw new ArgumentException($"{rows.Length} row flags for {table.RowCount} rows.", nameof(rows));
        }

        var features = new List<FeatureSpec>();
        foreach (TableColumn column in table.Columns)
        {
            if (column.Kind == ColumnKind.Numeric)
            {
                features.Add(FitNumber(column, options, rows));
            }
            else
            {
                FitCategories(column, options, rows, features);
            }
        }

        return new Preprocessor(features);
    }

    /// <summary>Rebuilds the preprocessor a model was trained with from its stored feature normalization.</summary>
    /// <exception cref="UsageException">The normalization's lists differ in length, or a transform is unknown.</exception>
    public static Preprocessor FromNormalization(FeatureNormalization normalization)
    {
        int count = normalization.Names.Count;
        if (normalization.Transforms.Count != count || normalization.Means.Count != count || normalization.StandardDeviations.Count != count)
        {
            throw new UsageException("The feature normalization's names, transforms, means and standard deviations differ in length.");
        }

        var features = new List<FeatureSpec>(count);
        for (int i = 0; i < count; i++)
        {
            string name = normalization.Names[i];
            string transform = normalization.Transforms[i];
            if (transform is not (None or Log1p))
            {
                throw new UsageException($"Feature '{name}' has transform '{transform}'; expected '{None}' or '{Log1p}'.");
            }

            int equals = name.IndexOf('=', StringComparison.Ordinal);
            (string column, FeatureEncoding encoding, string? category) = equals < 0
                ? (name, FeatureEncoding.Number, null)
                : name[(equals + 1)..] == OtherCategory
                    ? (name[..equals], FeatureEncoding.OtherCategory, null)
                    : (name[..equals], FeatureEncoding.Category, name[(equals + 1)..]);
            features.Add(new FeatureSpec(name, column, encoding, category, transform, normalization.Means[i], normalization.StandardDeviations[i]));
        }

        return new Preprocessor(features);
    }

    /// <summary>Returns the normalization to store in a model: the schema of the data it was fitted on (name, version,
    /// window, as the data carried it) with this preprocessor's transforms and standardization.</summary>
    /// <param name="schema">The schema of the training data (see <see cref="DatasetFormat.SchemaOf"/>); its feature names
    /// are this preprocessor's inputs.</param>
    /// <exception cref="ArgumentException">The schema's feature names are not this preprocessor's inputs, in order.</exception>
    public FeatureNormalization ToNormalization(FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (!schema.FeatureNames.SequenceEqual(Features.Select(f => f.Name), StringComparer.Ordinal))
        {
            throw new ArgumentException($"The schema {schema} does not name this preprocessor's {FeatureCount} inputs.", nameof(schema));
        }

        return new()
        {
            Schema = schema.Name,
            Version = schema.Version,
            Names = schema.FeatureNames,
            Transforms = [.. Features.Select(f => f.Transform)],
            Means = [.. Features.Select(f => f.Mean)],
            StandardDeviations = [.. Features.Select(f => f.StandardDeviation)],
            WindowSeconds = schema.Window.TotalSeconds,
        };
    }

    /// <summary>Returns the schema of a record format over this preprocessor's inputs: the name and version given, no window.</summary>
    /// <param name="name">The schema name (for example <see cref="NslKddReader.Schema"/>).</param>
    /// <param name="version">The schema version.</param>
    public FeatureSchema RecordSchema(string name, int version) => new(name, version, [.. Features.Select(f => f.Name)], TimeSpan.Zero);

    /// <summary>Returns CSV reader options that read exactly the columns this preprocessor needs, with their kinds; every one must be present.</summary>
    public CsvTableOptions ReaderOptions(CsvTableOptions options) => options with
    {
        ColumnKinds = SourceColumnKinds,
        OnlyKnownColumns = true,
        RequiredColumns = [.. SourceColumnKinds.Keys],
    };

    /// <summary>Computes the model inputs of every row: [rows × <see cref="FeatureCount"/>], row-major.</summary>
    /// <exception cref="DatasetFormatException">A column the inputs read is missing from the table or has another kind.</exception>
    public float[] Transform(RecordTable table) => Transform(table, out _);

    /// <summary>Computes the model inputs of every row and counts the categories that had no input of their own.</summary>
    /// <param name="table">The rows.</param>
    /// <param name="unseenCategories">The number of categorical fields whose value has no input of its own (sent to <c>&lt;other&gt;</c> or to no input).</param>
    /// <exception cref="DatasetFormatException">A column the inputs read is missing from the table or has another kind.</exception>
    public float[] Transform(RecordTable table, out long unseenCategories)
    {
        int m = Features.Count;
        var inputs = new float[(long)table.RowCount * m];
        unseenCategories = 0;
        var done = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < m; i++)
        {
            FeatureSpec feature = Features[i];
            TableColumn column = RequireColumn(table, feature);
            if (feature.Encoding == FeatureEncoding.Number)
            {
                WriteNumber(column.Numbers!, feature, inputs, i, m);
            }
            else if (done.Add(feature.Column))
            {
                unseenCategories += WriteCategories(column, inputs, m);
            }
        }

        return inputs;
    }

    private static FeatureSpec FitNumber(TableColumn column, PreprocessorOptions options, bool[]? rows)
    {
        float[] values = rows is null ? column.Numbers! : [.. column.Numbers!.Where((_, r) => rows[r])];
        bool logTransform = options.LogTransformHeavyTails && IsHeavyTailed(values, options.HeavyTailSkewness);
        double sum = 0;
        long count = 0;
        foreach (float value in values)
        {
            if (!float.IsNaN(value))
            {
                sum += Apply(value, logTransform);
                count++;
            }
        }

        double mean = count > 0 ? sum / count : 0;
        double squares = 0;
        foreach (float value in values)
        {
            if (!float.IsNaN(value))
            {
                double d = Apply(value, logTransform) - mean;
                squares += d * d;
            }
        }

        return new FeatureSpec(column.Name, column.Name, FeatureEncoding.Number, null, logTransform ? Log1p : None, mean, Deviation(squares, count));
    }

    // Heavy-tailed: never negative and skewed to the right, as byte, packet and duration counts are.
    private static bool IsHeavyTailed(float[] values, double skewnessThreshold)
    {
        double sum = 0;
        long count = 0;
        foreach (float value in values)
        {
            if (!float.IsNaN(value))
            {
                if (value < 0)
                {
                    return false;
                }

                sum += value;
                count++;
            }
        }

        if (count < 2)
        {
            return false;
        }

        double mean = sum / count;
        double m2 = 0;
        double m3 = 0;
        foreach (float value in values)
        {
            if (!float.IsNaN(value))
            {
                double d = value - mean;
                m2 += d * d;
                m3 += d * d * d;
            }
        }

        m2 /= count;
        m3 /= count;
        return m2 > 0 && m3 / Math.Pow(m2, 1.5) > skewnessThreshold;
    }

    private static void FitCategories(TableColumn column, PreprocessorOptions options, bool[]? rows, List<FeatureSpec> features)
    {
        IReadOnlyList<string> categories = column.Categories!;
        var counts = new long[categories.Count];
        int[] codes = column.Codes!;
        int fitted = 0;
        for (int r = 0; r < codes.Length; r++)
        {
            if (rows is null || rows[r])
            {
                counts[codes[r]]++;
                fitted++;
            }
        }

        // Values that occur only in rows not fitted on get no input of their own.
        int[] present = [.. Enumerable.Range(0, categories.Count).Where(c => counts[c] > 0)];

        int[] byFrequency = [.. present
            .OrderByDescending(c => counts[c])
            .ThenBy(c => categories[c], StringComparer.Ordinal)];
        int kept = Math.Min(options.MaxCategories, byFrequency.Length);
        long otherCount = 0;
        for (int k = 0; k < byFrequency.Length; k++)
        {
            int code = byFrequency[k];
            if (k < kept)
            {
                (double mean, double deviation) = Bernoulli(counts[code], fitted);
                features.Add(new FeatureSpec($"{column.Name}={categories[code]}", column.Name, FeatureEncoding.Category, categories[code], None, mean, deviation));
            }
            else
            {
                otherCount += counts[code];
            }
        }

        if (byFrequency.Length > kept)
        {
            (double mean, double deviation) = Bernoulli(otherCount, fitted);
            features.Add(new FeatureSpec($"{column.Name}={OtherCategory}", column.Name, FeatureEncoding.OtherCategory, null, None, mean, deviation));
        }
    }

    private static (double Mean, double Deviation) Bernoulli(long hits, int rows)
    {
        double p = rows > 0 ? (double)hits / rows : 0;
        return (p, Deviation(p * (1 - p) * rows, rows));
    }

    private static double Deviation(double squares, long count)
    {
        double deviation = count > 0 ? Math.Sqrt(squares / count) : 0;
        return deviation > 1e-12 && double.IsFinite(deviation) ? deviation : 1;
    }

    // The same arithmetic as FeatureNormalization.Apply, so the trainer and the agent agree to the bit.
    private static double Apply(float value, bool logTransform)
    {
        double v = value;
        return logTransform ? Math.Log(1.0 + Math.Max(v, 0.0)) : v;
    }

    private static TableColumn RequireColumn(RecordTable table, FeatureSpec feature)
    {
        TableColumn? column = table.FindColumn(feature.Column);
        ColumnKind expected = feature.Encoding == FeatureEncoding.Number ? ColumnKind.Numeric : ColumnKind.Categorical;
        string file = table.Sources.Count > 0 ? table.Sources[0] : "(no file)";
        if (column is null)
        {
            throw new DatasetFormatException(file, 1, feature.Column, $"the data has no such column, but the model reads it ({expected})");
        }

        if (column.Kind != expected)
        {
            throw new DatasetFormatException(file, 1, feature.Column, $"the model reads this column as {expected}, but it was read as {column.Kind}");
        }

        return column;
    }

    private static void WriteNumber(float[] values, FeatureSpec feature, float[] inputs, int offset, int stride)
    {
        bool logTransform = feature.Transform == Log1p;
        for (int r = 0; r < values.Length; r++)
        {
            float value = values[r];
            inputs[((long)r * stride) + offset] = float.IsNaN(value) ? 0f : (float)((Apply(value, logTransform) - feature.Mean) / feature.StandardDeviation);
        }
    }

    // Writes every input of one categorical column; returns how many rows had a value without its own input.
    private long WriteCategories(TableColumn column, float[] inputs, int stride)
    {
        var indices = new List<int>();
        int other = -1;
        for (int i = 0; i < Features.Count; i++)
        {
            if (Features[i].Column == column.Name)
            {
                indices.Add(i);
                other = Features[i].Encoding == FeatureEncoding.OtherCategory ? i : other;
            }
        }

        IReadOnlyList<string> categories = column.Categories!;
        int[] inputOfCode = [.. categories.Select(value =>
        {
            int match = indices.FindIndex(i => Features[i].Encoding == FeatureEncoding.Category && Features[i].Category == value);
            return match >= 0 ? indices[match] : other;
        })];
        bool[] unseen = [.. categories.Select(value => !indices.Exists(i => Features[i].Category == value))];
        long unseenCount = 0;
        int[] codes = column.Codes!;
        for (int r = 0; r < codes.Length; r++)
        {
            int hit = inputOfCode[codes[r]];
            unseenCount += unseen[codes[r]] ? 1 : 0;
            foreach (int i in indices)
            {
                FeatureSpec feature = Features[i];
                double raw = i == hit ? 1.0 : 0.0;
                inputs[((long)r * stride) + i] = (float)((raw - feature.Mean) / feature.StandardDeviation);
            }
        }

        return unseenCount;
    }
}
