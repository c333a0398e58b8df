namespace EdgeLstm.Trainer.Data;

/// <summary>Says how a window of records gets its label.</summary>
internal enum WindowLabelRule
{
    /// <summary>The label of the window's last record (the record the model is asked about).</summary>
    LastRecord,

    /// <summary>Any attack in the window makes it an attack: the label of its last non-benign record, else benign.</summary>
    AnyAttack,
}
