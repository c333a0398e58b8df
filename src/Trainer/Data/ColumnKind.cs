namespace EdgeLstm.Trainer.Data;

/// <summary>Says how a feature column's text becomes model inputs.</summary>
internal enum ColumnKind
{
    /// <summary>A number: optionally log1p-transformed, then standardized.</summary>
    Numeric,

    /// <summary>A category: one-hot encoded, capped at the most frequent values with an "other" bucket.</summary>
    Categorical,
}
