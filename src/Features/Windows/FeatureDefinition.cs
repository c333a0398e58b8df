namespace EdgeLstm.Features.Windows;

/// <summary>Documents one feature: its name, unit and definition.</summary>
/// <param name="Name">The feature's name in the schema.</param>
/// <param name="Unit">The unit of its value, such as <c>packets</c> or <c>s</c>.</param>
/// <param name="Definition">How the value is computed.</param>
public sealed record FeatureDefinition(string Name, string Unit, string Definition);
