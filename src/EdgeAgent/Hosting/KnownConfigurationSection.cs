namespace EdgeLstm.EdgeAgent.Hosting;

/// <summary>A top-level configuration section an options class is bound from; registered once per options class, so
/// the host can reject a section that nothing reads.</summary>
/// <param name="Name">The section name, for example <c>Detection</c>.</param>
internal sealed record KnownConfigurationSection(string Name);
