namespace EdgeLstm.EdgeAgent.Alerts;

/// <summary>One feature of an alert's explanation: its share of the anomaly score and what was seen against what the
/// model expected, in the feature's own unit (packets, bytes, ports…).</summary>
/// <param name="Name">The feature name from the model's feature schema.</param>
/// <param name="Contribution">The feature's share of the score, between 0 and 1 (the shares of all features sum to 1);
/// null for a classifier model, whose score does not split into per-feature parts.</param>
/// <param name="Observed">The feature's value in the window that raised the alert.</param>
/// <param name="Expected">What the model expected: a next-step model's prediction for the window, a classifier's
/// training mean; both mapped back through the model's normalization.</param>
internal sealed record FeatureContribution(string Name, double? Contribution, double Observed, double Expected);
