using System.Text.Json;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>What site learning keeps on disk for one model: learning in progress (its start and score sample) or the
/// learnt threshold.</summary>
/// <param name="Model">The model's content key (SHA-256 of its file bytes as the writer writes them).</param>
/// <param name="Started">When learning started.</param>
/// <param name="TargetFpr">The target rate the threshold is (or will be) fitted at.</param>
/// <param name="Threshold">The learnt threshold; null while learning.</param>
/// <param name="FittedAt">When the threshold was learnt; null while learning.</param>
/// <param name="Windows">The benign windows scored while learning.</param>
/// <param name="Samples">The reservoir sample of their scores; empty once learnt.</param>
internal sealed record SiteLearningFile(
    string Model, DateTimeOffset Started, double TargetFpr, double? Threshold, DateTimeOffset? FittedAt, long Windows, float[] Samples)
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
