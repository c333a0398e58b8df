namespace EdgeLstm.Trainer.Data;

/// <summary>Says how <see cref="ZeekConnReader"/> reads a Zeek conn.log (TSV) or its CSV form.</summary>
internal sealed record ZeekConnOptions
{
    /// <summary>Gets the label column, or <see langword="null"/> for an unlabeled log; default <c>label</c> (IoT-23's conn.log.labeled).</summary>
    public string? LabelColumn { get; init; } = "label";

    /// <summary>Gets the time column, or <see langword="null"/> for file order; default <c>ts</c>.</summary>
    public string? TimeColumn { get; init; } = "ts";

    /// <summary>Gets the entity column, or <see langword="null"/> for no grouping; default <c>id.orig_h</c> (the originating host).</summary>
    public string? EntityColumn { get; init; } = "id.orig_h";

    /// <summary>Gets the feature columns to read and their kinds, or <see langword="null"/> for <see cref="ZeekConnReader.DefaultFeatureKinds"/> (with a model, pass the columns it reads).</summary>
    public IReadOnlyDictionary<string, ColumnKind>? FeatureKinds { get; init; }
}
