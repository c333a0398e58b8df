namespace EdgeLstm.EdgeAgent.Alerts;

/// <summary>An anomaly alert as published on the alerts topic (DESIGN.md, alert contract).</summary>
/// <param name="Id">A UUIDv7, so ids sort by creation time; a re-sent alert keeps its id.</param>
/// <param name="Time">When the alert was raised.</param>
/// <param name="Entity">The host the alert is about (an address).</param>
/// <param name="Score">The anomaly score.</param>
/// <param name="Threshold">The model's alert threshold.</param>
/// <param name="Severity">The severity derived from the score.</param>
/// <param name="Window">The traffic span the alert covers.</param>
/// <param name="ModelId">The id of the model that scored the traffic.</param>
/// <param name="TopFeatures">The features that contributed most, largest first.</param>
internal sealed record Alert(
    Guid Id,
    DateTimeOffset Time,
    string Entity,
    double Score,
    double Threshold,
    AlertSeverity Severity,
    AlertWindow Window,
    string ModelId,
    IReadOnlyList<FeatureContribution> TopFeatures);
