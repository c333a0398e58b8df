namespace EdgeLstm.Trainer.Data;

/// <summary>Says what a reader does with one field of each record.</summary>
internal enum FieldRole
{
    /// <summary>The field is not read (identifiers, leaking labels, difficulty scores).</summary>
    Ignore,

    /// <summary>A numeric feature column.</summary>
    Numeric,

    /// <summary>A categorical feature column.</summary>
    Categorical,

    /// <summary>The record's label.</summary>
    Label,

    /// <summary>The record's time (seconds, or a date and time), used to order records.</summary>
    Time,

    /// <summary>The record's entity (for example the originating host), used to group records into sequences.</summary>
    Entity,
}
