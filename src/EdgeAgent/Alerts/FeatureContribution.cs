namespace EdgeLstm.EdgeAgent.Alerts;

/// <summary>One feature's share of an anomaly score.</summary>
/// <param name="Name">The feature name from the model's feature schema.</param>
/// <param name="Contribution">The feature's share of the score, between 0 and 1.</param>
internal sealed record FeatureContribution(string Name, double Contribution);
