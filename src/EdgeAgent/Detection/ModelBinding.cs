using EdgeLstm.Features.Windows;
using EdgeLstm.Model;
using EdgeLstm.Model.Serialization;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Loads a model and checks that it reads the feature schema the agent computes.</summary>
internal static class ModelBinding
{
    /// <summary>Loads the model file and checks its schema, threshold and features.</summary>
    /// <exception cref="ModelFormatException">The file is not a valid model.</exception>
    /// <exception cref="InvalidOperationException">The model cannot run on this agent's features; the message says why.</exception>
    public static SequenceModel<float> Load(string path, FeatureSchema schema) => Bind(ModelFile.Load(path), path, schema);

    /// <summary>Checks that a model read from <paramref name="path"/> can run on the agent's features.</summary>
    /// <exception cref="InvalidOperationException">The model cannot run on this agent's features; the message says why.</exception>
    public static SequenceModel<float> Bind(SequenceModel<float> model, string path, FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(schema);
        FeatureNormalization features = model.Config.Features
            ?? throw new InvalidOperationException($"{path}: the model stores no feature schema, so it cannot read live features.");
        if (features.Schema != schema.Name || features.Version != schema.Version)
        {
            // Naming the source that computes the model's schema tells the operator which setting is wrong.
            string hint = DetectionSources.SourcesOf(features.Schema) is string sources && features.Schema != schema.Name
                ? $"; a model of {features.Schema} needs {sources}"
                : "";
            throw new InvalidOperationException($"{path}: the model reads schema {features.Schema} v{features.Version}, but the agent's source computes {schema.Name} v{schema.Version}{hint}.");
        }

        if (!features.Names.SequenceEqual(schema.FeatureNames))
        {
            string first = features.Names.Zip(schema.FeatureNames).Select((pair, i) => (pair, i)).FirstOrDefault(p => p.pair.First != p.pair.Second) is var d && d.pair.First is not null
                ? $"feature {d.i} is '{d.pair.First}' in the model but '{d.pair.Second}' here"
                : $"the model has {features.Names.Count} features, the agent {schema.FeatureCount}";
            throw new InvalidOperationException($"{path}: the model's features differ from the agent's: {first}.");
        }

        if (model.Config.Threshold is null)
        {
            throw new InvalidOperationException($"{path}: the model has no calibrated alert threshold.");
        }

        return model;
    }
}
