namespace EdgeLstm.Trainer.Data;

/// <summary>Says which files to read, in which format, and how their labels, time and entities are found; unset values take the format's defaults.</summary>
internal sealed record DatasetSpec
{
    /// <summary>Gets the format.</summary>
    public DatasetFormat Format { get; init; }

    /// <summary>Gets the data files (gzip transparently); several files of one format are read as one dataset.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Gets the NSL-KDD column-names file; default <c>columns.txt</c> next to the first data file.</summary>
    public string? ColumnsPath { get; init; }

    /// <summary>Gets the label column; default <c>label</c> (<c>attack_type</c> for NSL-KDD, which ignores this setting).</summary>
    public string? LabelColumn { get; init; }

    /// <summary>Gets a value indicating whether the data has no labels (every record is then benign, for next-step training).</summary>
    public bool Unlabeled { get; init; }

    /// <summary>Gets the label of benign records; default: the first of <c>benign</c>, <c>normal</c>, <c>0</c> that occurs (ignoring case).</summary>
    public string? BenignValue { get; init; }

    /// <summary>Gets the time column (CSV only; Zeek uses <c>ts</c> and features <c>window_start</c>); default none, which keeps file order.</summary>
    public string? TimeColumn { get; init; }

    /// <summary>Gets the entity column (CSV only; Zeek uses <c>id.orig_h</c> and features <c>entity</c>); default none.</summary>
    public string? EntityColumn { get; init; }

    /// <summary>Gets further columns not to read (CSV only).</summary>
    public IReadOnlyList<string> DropColumns { get; init; } = [];

    /// <summary>Gets a value indicating whether every label value is its own class (NSL-KDD: the five standard classes) rather than benign versus attack.</summary>
    public bool MultiClass { get; init; }

    /// <summary>Gets the schema name stored in the model; default per format (<c>nsl-kdd</c>, <c>flow-csv</c>, <c>zeek-conn</c>, <c>edgelstm.host-window</c>).</summary>
    public string? Schema { get; init; }

    /// <summary>Gets the traffic-feature window in seconds stored in the model (feature CSV only); default 1.</summary>
    public double WindowSeconds { get; init; } = 1.0;
}
