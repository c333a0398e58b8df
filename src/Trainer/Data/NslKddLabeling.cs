namespace EdgeLstm.Trainer.Data;

/// <summary>Says what <see cref="NslKddReader"/> stores as each record's label.</summary>
internal enum NslKddLabeling
{
    /// <summary>The five-class name: normal, DoS, Probe, R2L or U2R (binary labels then use benign value <c>normal</c>).</summary>
    FiveClass,

    /// <summary>The attack name as written in the file (for example <c>neptune</c>).</summary>
    AttackName,
}
