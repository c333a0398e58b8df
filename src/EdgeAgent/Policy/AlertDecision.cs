using EdgeLstm.EdgeAgent.Alerts;

namespace EdgeLstm.EdgeAgent.Policy;

/// <summary>The policy's decision to raise an alert.</summary>
/// <param name="Severity">The severity from the score / threshold ratio.</param>
/// <param name="Window">The windows the decision was made over.</param>
internal readonly record struct AlertDecision(AlertSeverity Severity, AlertWindow Window);
