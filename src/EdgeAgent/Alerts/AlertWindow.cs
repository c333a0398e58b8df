namespace EdgeLstm.EdgeAgent.Alerts;

/// <summary>The span of traffic an alert is about.</summary>
/// <param name="Start">The start of the first window that contributed.</param>
/// <param name="End">The end of the last window that contributed.</param>
/// <param name="Windows">How many windows were scored.</param>
/// <param name="Anomalous">How many of them were above the threshold.</param>
internal sealed record AlertWindow(DateTimeOffset Start, DateTimeOffset End, int Windows, int Anomalous);
