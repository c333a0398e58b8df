namespace EdgeLstm.Trainer.Data;

/// <summary>Says where a dataset is and how to read it; every setting but the paths has a default per format.</summary>
internal sealed record DatasetSpec
{
    /// <summary>Gets the format: <c>nsl-kdd</c>, <c>csv</c>, <c>zeek</c>, <c>flow</c> or <c>features</c>.</summary>
    public string Format { get; init; } = "csv";

    /// <summary>Gets the data files (plain or .gz).</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Gets the column-names file of a headerless CSV (NSL-KDD's columns.txt); default: next to the first file.</summary>
    public string? ColumnsFile { get; init; }

    /// <summary>Gets the label column; default per format.</summary>
    public string? LabelColumn { get; init; }

    /// <summary>Gets the label value of benign records; default per format.</summary>
    public string? BenignValue { get; init; }

    /// <summary>Gets the time column that orders records; default per format.</summary>
    public string? TimeColumn { get; init; }

    /// <summary>Gets the entity column that groups records into sequences; default per format.</summary>
    public string? EntityColumn { get; init; }

    /// <summary>Gets a value indicating whether a csv file without the default label column is read as unlabeled (all
    /// benign) instead of rejected; an explicit <see cref="LabelColumn"/> must still exist.</summary>
    public bool LabelsOptional { get; init; }

    /// <summary>Gets a value indicating whether classes beyond benign/attack are kept (NSL-KDD: the five standard classes).</summary>
    public bool MultiClass { get; init; }

    /// <summary>Gets the description of <see cref="Format"/>.</summary>
    /// <exception cref="ArgumentException">The format is unknown.</exception>
    public DatasetFormat Descriptor => DatasetFormat.Find(Format);

    /// <summary>Gets the benign label value in effect.</summary>
    public string Benign => BenignValue ?? Descriptor.DefaultBenign;
}
