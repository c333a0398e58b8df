namespace EdgeLstm.Trainer.Data;

/// <summary>Says how <see cref="CsvTableReader"/> reads a delimited file with a header row.</summary>
internal sealed record CsvTableOptions
{
    /// <summary>Gets the label column (matched exactly, then ignoring case), or <see langword="null"/> for unlabeled data; default <c>label</c>.</summary>
    public string? LabelColumn { get; init; } = "label";

    /// <summary>Gets a value indicating whether a file without the <see cref="LabelColumn"/> is read as unlabeled instead of
    /// rejected (unsupervised training reads benign traffic that has no labels).</summary>
    public bool LabelOptional { get; init; }

    /// <summary>Gets the column that orders records in time, or <see langword="null"/> to keep file order.</summary>
    public string? TimeColumn { get; init; }

    /// <summary>Gets the column that groups records into per-entity sequences, or <see langword="null"/>.</summary>
    public string? EntityColumn { get; init; }

    /// <summary>Gets further columns not to read.</summary>
    public IReadOnlyList<string> DropColumns { get; init; } = [];

    /// <summary>Gets a value indicating whether identifier columns (flow ids, addresses, ports, timestamps) and other label columns are dropped by name; see <see cref="CsvTableReader.IsIdentifierColumn"/>.</summary>
    public bool DropIdentifierColumns { get; init; } = true;

    /// <summary>Gets the kinds of named columns; other columns have their kind inferred from the data unless <see cref="OnlyKnownColumns"/> is set.</summary>
    public IReadOnlyDictionary<string, ColumnKind> ColumnKinds { get; init; } = new Dictionary<string, ColumnKind>();

    /// <summary>Gets a value indicating whether columns missing from <see cref="ColumnKinds"/> are ignored instead of inferred.</summary>
    public bool OnlyKnownColumns { get; init; }

    /// <summary>Gets columns that must be present (for example every column a model reads).</summary>
    public IReadOnlyList<string> RequiredColumns { get; init; } = [];

    /// <summary>Gets a value indicating whether text that is not a number in a numeric column is an error instead of a counted missing value.</summary>
    public bool StrictNumbers { get; init; }

    /// <summary>Gets the share of non-missing values of a column that may fail to parse as numbers for the column still to be inferred numeric (they are then counted and imputed); default 1%.</summary>
    public double InvalidNumberTolerance { get; init; } = 0.01;

    /// <summary>Gets a value indicating whether lines before the header whose first field starts with <c>#</c> are skipped
    /// (the features CSV's schema line, which <see cref="FeatureCsvReader"/> reads itself).</summary>
    public bool SkipLeadingComments { get; init; }

    /// <summary>Gets the field delimiter.</summary>
    public char Delimiter { get; init; } = ',';
}
