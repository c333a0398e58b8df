using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.Features.Flows;
using EdgeLstm.Features.Windows;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Describes each <see cref="DetectionSourceKind"/> once: the schema it computes and how to create its
/// <see cref="IFeatureSource"/>; the validator, the worker and the model binding read this table.</summary>
internal static class DetectionSources
{
    private static readonly Descriptor[] s_descriptors =
    [
        new(DetectionSourceKind.Live, HostWindowFeatures.SchemaName, (options, context) => new LiveFeatureSource(options, context.Counters)),
        new(DetectionSourceKind.Replay, HostWindowFeatures.SchemaName, (options, context) => new ReplayFeatureSource(options, context.Counters, context.Time)),
        new(DetectionSourceKind.Zeek, FlowFeatures.SchemaName, (options, context) => new ConnLogSource(options, context.Logger, context.Counters)),
    ];

    /// <summary>Creates the configured source.</summary>
    /// <param name="options">The detection options; <see cref="DetectionOptions.Source"/> picks the source.</param>
    /// <param name="counters">Receives packet, drop and host-table counts.</param>
    /// <param name="time">The clock of replay pacing.</param>
    /// <param name="logger">Receives the source's log events.</param>
    /// <returns>The source.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The source is not one of <see cref="DetectionSourceKind"/>.</exception>
    public static IFeatureSource Create(DetectionOptions options, AgentCounters counters, TimeProvider time, ILogger logger) =>
        Describe(options.Source).Create(options, new Context(counters, time, logger));

    /// <summary>Returns the window options of the capture sources: defaults plus <see cref="DetectionOptions.IgnoreNetworks"/>.</summary>
    /// <exception cref="ArgumentException">An ignored network is not in CIDR notation (the validator reports it first).</exception>
    public static WindowFeatureOptions WindowOptions(DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!WindowFeatureOptions.TryParseNetworks(options.IgnoreNetworks, out IReadOnlyList<System.Net.IPNetwork> networks, out string? bad))
        {
            throw new ArgumentException($"{DetectionOptions.SectionName}:{nameof(DetectionOptions.IgnoreNetworks)}: '{bad}' is not a network in CIDR notation.", nameof(options));
        }

        return new WindowFeatureOptions { IgnoreNetworks = networks };
    }

    /// <summary>Returns the sources that compute a schema, for the message that refuses a model of another schema.</summary>
    public static string? SourcesOf(string schemaName)
    {
        string[] names = [.. s_descriptors.Where(d => d.SchemaName == schemaName).Select(d => $"'{DetectionSourceKindConverter.Name(d.Kind)}'")];
        return names.Length == 0 ? null : $"{DetectionOptions.SectionName}:{nameof(DetectionOptions.Source)} {string.Join(" or ", names)}";
    }

    private static Descriptor Describe(DetectionSourceKind kind) =>
        Array.Find(s_descriptors, d => d.Kind == kind)
        ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, $"{DetectionOptions.SectionName}:{nameof(DetectionOptions.Source)} must be one of {DetectionSourceKindConverter.AllowedValues}.");

    private sealed record Context(AgentCounters Counters, TimeProvider Time, ILogger Logger);

    private sealed record Descriptor(DetectionSourceKind Kind, string SchemaName, Func<DetectionOptions, Context, IFeatureSource> Create);
}
