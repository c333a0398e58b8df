using System.Text.Json;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>What site learning keeps on disk for one model: learning in progress (its start and score sample) or the
/// learnt threshold.</summary>
/// <param name="Model">The model's content key (SHA-256 of its file bytes as the writer writes them).</param>
/// <param name="Started">When learning started.</param>
/// <param name="TargetFpr">The target window rate the threshold is (or will be) fitted at; 0 for a fit for alerts per host-day.</param>
/// <param name="Threshold">The learnt threshold; null while learning.</param>
/// <param name="FittedAt">When the threshold was learnt; null while learning.</param>
/// <param name="Windows">The benign windows scored while learning.</param>
/// <param name="Samples">The reservoir sample of their scores; empty once learnt.</param>
/// <param name="PolicyValues">The sampled windows' policy values, in the order of the samples; empty once learnt.</param>
/// <param name="AlertsPerHostDay">The false alerts per 24 host-hours the threshold is fitted for (when the window rate is 0).</param>
/// <param name="HostSeconds">The hosts' time on the network while learning, in seconds.</param>
internal sealed record SiteLearningFile(
    string Model, DateTimeOffset Started, double TargetFpr, double? Threshold, DateTimeOffset? FittedAt, long Windows, float[] Samples,
    float[]? PolicyValues = null, double AlertsPerHostDay = 0, double HostSeconds = 0)
{
    /// <summary>Reads a state file; null when there is none or it cannot be used (a torn or foreign file starts learning over).</summary>
    public static SiteLearningFile? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), SiteLearningJsonContext.Default.SiteLearningFile) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the state file atomically: a temporary file, flushed, then renamed over the old one.</summary>
    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temporary = path + ".tmp";
        using (FileStream stream = File.Create(temporary))
        {
            JsonSerializer.Serialize(stream, this, SiteLearningJsonContext.Default.SiteLearningFile);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
