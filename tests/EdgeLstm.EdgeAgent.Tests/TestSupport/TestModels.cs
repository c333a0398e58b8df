using EdgeLstm.Features.Windows;
using EdgeLstm.Model;
using EdgeLstm.Model.Serialization;

namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>Writes small untrained models on the agent's feature schema.</summary>
internal static class TestModels
{
    /// <summary>Creates a next-step model; an untrained model with threshold 0 scores every window anomalous.</summary>
    public static SequenceModel<float> Create(double threshold, int steps = 2, string schemaName = HostWindowFeatures.SchemaName)
    {
        FeatureSchema schema = new WindowFeatureExtractor(new WindowFeatureOptions()).Schema;
        int m = schema.FeatureCount;
        var config = new ModelConfig
        {
            Cell = CellKind.Lite,
            InputSize = m,
            HiddenSize = 4,
            Head = HeadKind.NextStep,
            OutputSize = m,
            SequenceLength = steps,
            Threshold = threshold,
            Features = new FeatureNormalization
            {
                Schema = schemaName,
                Version = schema.Version,
                Names = schema.FeatureNames,
                Transforms = Enumerable.Repeat("log1p", m).ToArray(),
                Means = new double[m],
                StandardDeviations = Enumerable.Repeat(1.0, m).ToArray(),
                WindowSeconds = 1,
            },
        };
        return SequenceModel.Create<float>(config, seed: 1);
    }

    /// <summary>Writes a model file and gives it a distinct modification time, since the kernel's file times are
    /// coarse (a few milliseconds) and two quick writes of the same size could otherwise look like one version.</summary>
    public static string Write(string path, double threshold, int steps = 2, int version = 0)
    {
        ModelFile.Save(Create(threshold, steps), path);
        File.SetLastWriteTimeUtc(path, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(version));
        return path;
    }
}
