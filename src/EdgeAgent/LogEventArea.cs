namespace EdgeLstm.EdgeAgent;

/// <summary>Describes one area's range of log event ids and the log class that owns it.</summary>
/// <param name="Name">The area's name.</param>
/// <param name="First">The first event id of the range.</param>
/// <param name="Last">The last event id of the range, inclusive.</param>
/// <param name="Owner">The static partial class that declares the area's <see cref="LoggerMessageAttribute"/> methods.</param>
internal sealed record LogEventArea(string Name, int First, int Last, Type Owner);
