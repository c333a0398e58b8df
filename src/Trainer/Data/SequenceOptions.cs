using EdgeLstm.Model.Scoring;

namespace EdgeLstm.Trainer.Data;

/// <summary>Says how <see cref="SequenceBuilder"/> cuts records into windows.</summary>
internal sealed record SequenceOptions
{
    /// <summary>Gets the window length T (records per sequence). Default 1.</summary>
    public int Steps { get; init; } = 1;

    /// <summary>Gets the number of records between the starts of consecutive windows of one group. Default 1.</summary>
    public int Stride { get; init; } = 1;

    /// <summary>Gets how a window gets its label.</summary>
    public WindowLabelRule LabelRule { get; init; } = WindowLabelRule.LastRecord;

    /// <summary>Gets a value indicating whether records are ordered by the table's time column when it has one (ties keep file order).</summary>
    public bool OrderByTime { get; init; } = true;

    /// <summary>Gets how a group's records map to steps: time windows (gaps are silence) or records. Default records,
    /// with the agent's idle reset.</summary>
    public SequenceTiming Timing { get; init; } = SequenceTiming.Records();

    /// <summary>Gets a value indicating whether records are grouped by the table's entity column when it has one.</summary>
    public bool GroupByEntity { get; init; } = true;
}
