namespace EdgeLstm.EdgeAgent.Policy;

/// <summary>The model's score for one entity's feature window.</summary>
/// <param name="Entity">The host (an address).</param>
/// <param name="Start">The window start.</param>
/// <param name="End">The window end.</param>
/// <param name="Score">The anomaly score.</param>
/// <param name="Threshold">The model's threshold; a score above it is anomalous.</param>
internal readonly record struct WindowScore(string Entity, DateTimeOffset Start, DateTimeOffset End, double Score, double Threshold);
