namespace EdgeLstm.Trainer.Data;

/// <summary>Says how training data is divided into training and validation records (see <see cref="TableSplit"/>).</summary>
internal enum SplitKind
{
    /// <summary>By time when the data has a time column, else by entity when it has one, else by file order when
    /// sequences are longer than one record, else at random (records that have neither time, entity nor order).</summary>
    Auto,

    /// <summary>The latest records are held out; a gap of T records per group separates the two sides.</summary>
    Time,

    /// <summary>Whole entities (hosts) are held out.</summary>
    Entity,

    /// <summary>The last records in file order are held out; a gap of T records per group separates the two sides.</summary>
    Order,

    /// <summary>Records are held out at random, stratified by class: only for records that are independent of each other.</summary>
    Random,
}
