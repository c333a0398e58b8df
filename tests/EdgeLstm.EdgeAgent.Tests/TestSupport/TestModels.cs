using EdgeLstm.Features.Flows;
using EdgeLstm.Features.Windows;
using EdgeLstm.Model;
using EdgeLstm.Model.Quantization;
using EdgeLstm.Model.Serialization;

namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>Writes small untrained models on the agent's feature schemas (host windows, flows).</summary>
internal static class TestModels
{
    /// <summary>Creates a next-step model; an untrained model with threshold 0 scores every window anomalous.</summary>
    public static SequenceModel<float> Create(double threshold, int steps = 2, string schemaName = HostWindowFeatures.SchemaName) =>
        Create(new WindowFeatureExtractor(new WindowFeatureOptions()).Schema, threshold, steps, schemaName);

    /// <summary>Creates a next-step model reading <paramref name="schema"/>'s features, stored under <paramref name="schemaName"/>
    /// (the schema's own name unless a test fakes another).</summary>
    public static SequenceModel<float> Create(FeatureSchema schema, double threshold, int steps = 2, string? schemaName = null, CellKind cell = CellKind.Lite)
    {
        int m = schema.FeatureCount;
        var config = new ModelConfig
        {
            Cell = cell,
            InputSize = m,
            HiddenSize = 4,
            Head = HeadKind.NextStep,
            OutputSize = m,
            SequenceLength = steps,
            Threshold = threshold,
            Features = new FeatureNormalization
            {
                Schema = schemaName ?? schema.Name,
                Version = schema.Version,
                Names = schema.FeatureNames,
                Transforms = Enumerable.Repeat("log1p", m).ToArray(),
                Means = new double[m],
                StandardDeviations = Enumerable.Repeat(1.0, m).ToArray(),
                WindowSeconds = schema.Window.TotalSeconds,
            },
        };
        return SequenceModel.Create<float>(config, seed: 1);
    }

    /// <summary>Writes a model file and gives it a distinct modification time, since the kernel's file times are
    /// coarse (a few milliseconds) and two quick writes of the same size could otherwise look like one version.</summary>
    public static string Write(string path, double threshold, int steps = 2, int version = 0) =>
        Write(path, Create(threshold, steps), version);

    /// <summary>Writes a host-window model quantized to int8 (calibrated on random standardized inputs), which the
    /// agent scores on the integer kernel.</summary>
    public static string WriteQuantized(string path, double threshold, int steps = 2, CellKind cell = CellKind.Lite)
    {
        SequenceModel<float> model = Create(new WindowFeatureExtractor(new WindowFeatureOptions()).Schema, threshold, steps, cell: cell);
        int m = model.Config.InputSize;
        var random = new Random(5);
        float[] calibration = [.. Enumerable.Range(0, 64 * steps * m).Select(_ => (float)((random.NextDouble() * 4) - 2))];
        IntegerSequenceScorer quantizer = IntegerSequenceScorer.Quantize(model, calibration, 64, steps);
        return Write(path, new SequenceModel<float>(model.Config with { Quantization = quantizer.Quantization }, model.Parameters), version: 0);
    }

    /// <summary>Writes a model on the flow schema of the zeek source (<see cref="FlowFeatures"/>).</summary>
    public static string WriteFlow(string path, double threshold, int steps = 3) =>
        Write(path, Create(FlowFeatures.Schema, threshold, steps), version: 0);

    private static string Write(string path, SequenceModel<float> model, int version)
    {
        ModelFile.Save(model, path);
        File.SetLastWriteTimeUtc(path, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(version));
        return path;
    }
}
