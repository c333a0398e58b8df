using EdgeLstm.Features.Flows;
using EdgeLstm.Features.Windows;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Says, per configured source, which feature schema it computes (so a model of another is refused), whether
/// it may drop rows when scoring falls behind, and how logs name it.</summary>
internal static class DetectionSources
{
    /// <summary>Live capture from a network interface (libpcap), per-host window features.</summary>
    public const string Live = "live";

    /// <summary>A capture file replayed, per-host window features.</summary>
    public const string Replay = "replay";

    /// <summary>A Zeek conn.log followed, one flow feature vector per connection.</summary>
    public const string Zeek = "zeek";

    /// <summary>Returns the feature schema the configured source computes.</summary>
    public static FeatureSchema Schema(DetectionOptions options, WindowFeatureOptions windows) =>
        options.Source == Zeek ? FlowFeatures.Schema : new WindowFeatureExtractor(windows).Schema;

    /// <summary>Returns whether the source waits for scoring rather than drop rows: only live traffic cannot wait.</summary>
    public static bool IsLossless(DetectionOptions options) => options.Source != Live;

    /// <summary>Returns how logs name the source.</summary>
    public static string Describe(DetectionOptions options) => options.Source switch
    {
        Replay => $"capture {options.CaptureFile} at speed {(options.ReplaySpeed == 0 ? "max" : options.ReplaySpeed)}",
        Zeek => $"Zeek conn.log {options.ConnLog} from its {(options.ConnLogFromStart ? "start" : "end")}",
        _ => $"interface {options.Interface}",
    };

    /// <summary>Returns the sources that compute a schema, for the message that refuses a model of another schema.</summary>
    public static string? SourcesOf(string schemaName) => schemaName switch
    {
        FlowFeatures.SchemaName => $"{DetectionOptions.SectionName}:{nameof(DetectionOptions.Source)} '{Zeek}'",
        HostWindowFeatures.SchemaName => $"{DetectionOptions.SectionName}:{nameof(DetectionOptions.Source)} '{Live}' or '{Replay}'",
        _ => null,
    };
}
