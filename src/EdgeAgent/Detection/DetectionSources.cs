using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.Features.Flows;
using EdgeLstm.Features.Windows;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Describes each <see cref="DetectionSourceKind"/> once: the schema it computes, whether it computes the
/// model's window, and how to create its <see cref="IFeatureSource"/>; the validator, the worker and the model binding
/// read this table.</summary>
internal static class DetectionSources
{
    private static readonly Descriptor[] s_descriptors =
    [
        new(DetectionSourceKind.Live, HostWindowFeatures.SchemaName, WindowsFromModel: true, (options, context) => new LiveFeatureSource(options, context.Window, context.Counters)),
        new(DetectionSourceKind.Replay, HostWindowFeatures.SchemaName, WindowsFromModel: true, (options, context) => new ReplayFeatureSource(options, context.Window, context.Counters, context.Time)),
        new(DetectionSourceKind.Zeek, FlowFeatures.SchemaName, WindowsFromModel: false, (options, context) => new ConnLogSource(options, context.Logger, context.Counters)),
    ];

    /// <summary>Creates the configured source, computing the window a model was trained on where the source can.</summary>
    /// <param name="options">The detection options; <see cref="DetectionOptions.Source"/> picks the source.</param>
    /// <param name="counters">Receives packet, drop and host-table counts.</param>
    /// <param name="time">The clock of replay pacing.</param>
    /// <param name="logger">Receives the source's log events.</param>
    /// <param name="modelWindowSeconds">The window the model stores, in seconds (see <see cref="WindowFor"/>).</param>
    /// <returns>The source.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The source is not one of <see cref="DetectionSourceKind"/>.</exception>
    public static IFeatureSource Create(DetectionOptions options, AgentCounters counters, TimeProvider time, ILogger logger, double modelWindowSeconds)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Describe(options.Source).Create(options, new Context(counters, time, logger, WindowFor(options.Source, modelWindowSeconds)));
    }

    /// <summary>Returns the window a source computes for a model trained on <paramref name="modelWindowSeconds"/>: the
    /// packet sources build their windows from the model when the extractor can compute that length (1 ms to 1 day), and
    /// otherwise keep the default 1 s, so that the binding refuses the model naming both windows; the zeek source has none.</summary>
    /// <param name="kind">The source.</param>
    /// <param name="modelWindowSeconds">The model's window in seconds, as stored (0, NaN or out of range included).</param>
    /// <exception cref="ArgumentOutOfRangeException">The source is not one of <see cref="DetectionSourceKind"/>.</exception>
    public static TimeSpan WindowFor(DetectionSourceKind kind, double modelWindowSeconds) =>
        !Describe(kind).WindowsFromModel ? TimeSpan.Zero
        : WindowFeatureOptions.IsComputableWindow(modelWindowSeconds) ? TimeSpan.FromSeconds(modelWindowSeconds)
        : new WindowFeatureOptions().Window;

    /// <summary>Returns whether a source builds its windows from the model (so a model of another window runs after a restart).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The source is not one of <see cref="DetectionSourceKind"/>.</exception>
    public static bool WindowsFromModel(DetectionSourceKind kind) => Describe(kind).WindowsFromModel;

    /// <summary>Returns the window options of the capture sources: the window, plus <see cref="DetectionOptions.IgnoreNetworks"/>.</summary>
    /// <param name="options">The detection options.</param>
    /// <param name="window">The window length (see <see cref="WindowFor"/>).</param>
    /// <exception cref="ArgumentException">An ignored network is not in CIDR notation (the validator reports it first).</exception>
    public static WindowFeatureOptions WindowOptions(DetectionOptions options, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!WindowFeatureOptions.TryParseNetworks(options.IgnoreNetworks, out IReadOnlyList<System.Net.IPNetwork> networks, out string? bad))
        {
            throw new ArgumentException($"{DetectionOptions.SectionName}:{nameof(DetectionOptions.IgnoreNetworks)}: '{bad}' is not a network in CIDR notation.", nameof(options));
        }

        return new WindowFeatureOptions { Window = window, IgnoreNetworks = networks };
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

    private sealed record Context(AgentCounters Counters, TimeProvider Time, ILogger Logger, TimeSpan Window);

    private sealed record Descriptor(DetectionSourceKind Kind, string SchemaName, bool WindowsFromModel, Func<DetectionOptions, Context, IFeatureSource> Create);
}
