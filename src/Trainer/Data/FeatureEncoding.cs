namespace EdgeLstm.Trainer.Data;

/// <summary>Says how one model input is computed from its source column.</summary>
internal enum FeatureEncoding
{
    /// <summary>The column's number, transformed and standardized; named after the column.</summary>
    Number,

    /// <summary>1 when the column holds one value, else 0, standardized; named <c>column=value</c>.</summary>
    Category,

    /// <summary>1 when the column holds a value without its own input, else 0, standardized; named <c>column=&lt;other&gt;</c>.</summary>
    OtherCategory,
}
