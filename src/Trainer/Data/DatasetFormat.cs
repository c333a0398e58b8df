using EdgeLstm.Features.Flows;
using EdgeLstm.Features.Windows;

namespace EdgeLstm.Trainer.Data;

/// <summary>Describes one dataset format: its name on the command line, its reader, its benign label, where the feature
/// schema stored in models trained on it comes from (the files, or the format for record formats) and its multi-class map. <see cref="All"/> is the registry every layer reads (the
/// options' accepted values, the loader, the spec's defaults), so a format is added in one place.</summary>
internal sealed class DatasetFormat
{
    private readonly Func<DatasetSpec, Preprocessor?, RecordTable> _read;
    private readonly Func<DatasetSpec, RecordTable, ClassMap>? _multiClass;
    private readonly (string Name, int Version)? _recordSchema;

    private DatasetFormat(string name, string defaultBenign, (string Name, int Version)? recordSchema, Func<DatasetSpec, Preprocessor?, RecordTable> read, Func<DatasetSpec, RecordTable, ClassMap>? multiClass = null)
    {
        Name = name;
        DefaultBenign = defaultBenign;
        _recordSchema = recordSchema;
        _read = read;
        _multiClass = multiClass;
    }

    /// <summary>Gets the headerless NSL-KDD and KDD Cup 99 CSV format (five standard classes with <c>--multiclass</c>).</summary>
    public static DatasetFormat NslKdd { get; } = new("nsl-kdd", NslKddAttacks.Normal, (NslKddReader.Schema, 1), ReadNslKdd, (_, _) => ClassMap.Named(NslKddAttacks.ClassNames));

    /// <summary>Gets the flow-table CSV format with a header (CICFlowMeter, UNSW-NB15, ...).</summary>
    public static DatasetFormat Csv { get; } = new("csv", "BENIGN", ("flow-csv", 1), ReadCsv);

    /// <summary>Gets the Zeek conn.log format with every conn field (TSV, or its CSV as IoT-23 ships it).</summary>
    public static DatasetFormat Zeek { get; } = new("zeek", "Benign", (ZeekConnReader.Schema, 1), ReadZeek);

    /// <summary>Gets the flow-log format read as the <c>edgelstm.flow</c> features of the agent's zeek source (the schema is
    /// <see cref="FlowFeatures.Schema"/>, which the reader gives the table).</summary>
    public static DatasetFormat Flow { get; } = new("flow", "Benign", recordSchema: null, (spec, _) => FlowTableReader.Read(spec.Paths));

    /// <summary>Gets the per-host window feature CSV the features command writes (the schema is the one its files carry).</summary>
    public static DatasetFormat Features { get; } = new("features", "benign", recordSchema: null, (spec, _) => FeatureCsvReader.Read(spec.Paths));

    /// <summary>Gets every format, in the order the help lists them.</summary>
    public static IReadOnlyList<DatasetFormat> All { get; } = [NslKdd, Csv, Zeek, Flow, Features];

    /// <summary>Gets the names of every format.</summary>
    public static string[] Names { get; } = [.. All.Select(format => format.Name)];

    /// <summary>Gets the name on the command line (<c>--format</c>).</summary>
    public string Name { get; }

    /// <summary>Gets the label value of benign records when <c>--benign</c> is not given.</summary>
    public string DefaultBenign { get; }

    /// <summary>Returns the format with a name.</summary>
    /// <exception cref="UsageException">No format has that name; the message lists the formats.</exception>
    public static DatasetFormat Find(string name) =>
        All.FirstOrDefault(format => format.Name == name)
            ?? throw new UsageException($"Unknown data format '{name}'; use one of {string.Join(", ", Names)}.");

    /// <summary>Reads the files of a dataset in this format.</summary>
    /// <param name="spec">Where and how.</param>
    /// <param name="fitted">The preprocessor of a trained model, so that only its columns are read; null when fitting.</param>
    public RecordTable Read(DatasetSpec spec, Preprocessor? fitted) => _read(spec, fitted);

    /// <summary>Returns the schema of rows read in this format: the one the table carries from its files (features, flow),
    /// or for record formats, whose inputs the preprocessor derives from their columns, the format's schema name and
    /// version over those inputs, with no window.</summary>
    /// <param name="table">The rows, as <see cref="Read"/> returned them.</param>
    /// <param name="preprocessor">The preprocessor that computes the model inputs from the rows.</param>
    /// <exception cref="InvalidOperationException">A format of vectors returned a table without its schema (a defect).</exception>
    public FeatureSchema SchemaOf(RecordTable table, Preprocessor preprocessor)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(preprocessor);
        if (table.Schema is { } carried)
        {
            return carried;
        }

        (string name, int version) = _recordSchema ?? throw new InvalidOperationException($"The {Name} reader returned rows without their feature schema.");
        return preprocessor.RecordSchema(name, version);
    }

    /// <summary>Returns the multi-class map of training data: the format's own classes, or the label values benign first.</summary>
    public ClassMap MultiClass(DatasetSpec spec, RecordTable training) =>
        _multiClass is null ? ClassMap.FitMultiClass(training, spec.Benign) : _multiClass(spec, training);

    /// <inheritdoc/>
    public override string ToString() => Name;

    private static RecordTable ReadNslKdd(DatasetSpec spec, Preprocessor? _)
    {
        // A columns.txt next to the data is used when present; without one, the standard names.
        string nextToData = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(spec.Paths[0]))!, "columns.txt");
        return NslKddReader.Read(spec.Paths, spec.ColumnsFile ?? (File.Exists(nextToData) ? nextToData : null), NslKddLabeling.FiveClass);
    }

    private static RecordTable ReadZeek(DatasetSpec spec, Preprocessor? fitted)
    {
        var zeek = new ZeekConnOptions();
        return ZeekConnReader.Read(spec.Paths, zeek with
        {
            LabelColumn = spec.LabelColumn ?? zeek.LabelColumn,
            TimeColumn = spec.TimeColumn ?? zeek.TimeColumn,
            EntityColumn = spec.EntityColumn ?? zeek.EntityColumn,
            FeatureKinds = fitted?.SourceColumnKinds,
        });
    }

    private static RecordTable ReadCsv(DatasetSpec spec, Preprocessor? fitted)
    {
        var csv = new CsvTableOptions
        {
            LabelColumn = spec.LabelColumn ?? "label",
            LabelOptional = spec.LabelsOptional && spec.LabelColumn is null,
            TimeColumn = spec.TimeColumn,
            EntityColumn = spec.EntityColumn,
        };
        return CsvTableReader.Read(spec.Paths, fitted is null ? csv : fitted.ReaderOptions(csv));
    }
}
