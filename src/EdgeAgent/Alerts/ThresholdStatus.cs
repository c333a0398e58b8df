namespace EdgeLstm.EdgeAgent.Alerts;

/// <summary>The alert threshold in use, as the status topic reports it.</summary>
/// <param name="State">Whether it is the model's, still being learnt, or learnt on this site.</param>
/// <param name="Value">The threshold windows are compared with (while learning: the model's, though nothing alerts).</param>
/// <param name="ModelThreshold">The threshold stored in the model.</param>
/// <param name="LearningEnds">When learning ends (it goes on past this until it has 1,000 windows); null unless learning.</param>
/// <param name="Windows">The benign windows the learnt threshold rests on; null unless learnt.</param>
/// <param name="TargetFpr">The share of benign windows allowed at or above a learnt threshold; null for the model's.</param>
internal sealed record ThresholdStatus(
    ThresholdState State, double Value, double ModelThreshold, DateTimeOffset? LearningEnds, long? Windows, double? TargetFpr);
