namespace EdgeLstm.Model.Scoring;

/// <summary>Holds the defaults of <see cref="SilencePaddedHistory{TKey}"/>.</summary>
public static class SilencePaddedHistory
{
    /// <summary>The host histories the agent keeps unless configured (<c>Detection:MaxEntities</c>), and the trainer's
    /// evaluation keeps, so both score the same hosts the same way.</summary>
    public const int DefaultCapacity = 4096;
}
