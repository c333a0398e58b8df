using EdgeLstm.Features.Windows;
using EdgeLstm.Model;
using EdgeLstm.Model.Serialization;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Loads a model and checks that it reads the feature schema the agent's source computes, through
/// <see cref="SchemaBinding.Match"/>, the comparison the trainer makes too.</summary>
internal static class ModelBinding
{
    /// <summary>Loads the model file and checks its schema, threshold and features.</summary>
    /// <exception cref="ModelFormatException">The file is not a valid model.</exception>
    /// <exception cref="InvalidOperationException">The model cannot run on this agent's features; the message says why.</exception>
    public static SequenceModel<float> Load(string path, FeatureSchema schema) => Bind(ModelFile.Load(path), path, schema);

    /// <summary>Compares the schema a model stores with the schema of the source's rows.</summary>
    /// <param name="model">The model, as read (its fields not yet validated).</param>
    /// <param name="source">The schema of the rows the agent's source computes.</param>
    /// <returns>Whether the model fits, and each difference in words naming both sides.</returns>
    public static SchemaMatch Match(SequenceModel<float> model, FeatureSchema source)
    {
        ArgumentNullException.ThrowIfNull(model);
        FeatureNormalization? features = model.Config.Features;
        return SchemaBinding.Match(new StoredSchema(features?.Schema, features?.Version ?? 0, features?.Names, features?.WindowSeconds ?? 0), source);
    }

    /// <summary>Checks that a model read from <paramref name="path"/> can run on the agent's features.</summary>
    /// <exception cref="InvalidOperationException">The model cannot run on this agent's features; the message says why.</exception>
    public static SequenceModel<float> Bind(SequenceModel<float> model, string path, FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(schema);
        FeatureNormalization features = model.Config.Features
            ?? throw new InvalidOperationException($"{path}: the model stores no feature schema, so it cannot read live features.");
        SchemaMatch match = Match(model, schema);
        if (!match.Fits)
        {
            throw new InvalidOperationException($"{path}: the model does not fit the agent's source: {match}{Hint(features, schema)}.");
        }

        if (model.Config.Threshold is null)
        {
            throw new InvalidOperationException($"{path}: the model has no calibrated alert threshold.");
        }

        return model;
    }

    /// <summary>Returns the window a model file stores, to build the source from before the model is loaded; 0 when the
    /// file cannot be read or stores none (the source then keeps its own window, and loading the model says what is wrong).</summary>
    /// <param name="path">The model file.</param>
    public static double StoredWindowSeconds(string path)
    {
        try
        {
            return ModelFile.Load(path).Config.Features?.WindowSeconds ?? 0;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // Only the choice of window rests on this read: the model is read, verified and bound again before it runs.
            return 0;
        }
    }

    // Naming the setting that would fit tells the operator what to change.
    private static string Hint(FeatureNormalization features, FeatureSchema schema)
    {
        if (features.Schema != schema.Name)
        {
            return DetectionSources.SourcesOf(features.Schema) is string sources ? $"; a model of {features.Schema} needs {sources}" : "";
        }

        if (SchemaBinding.SameWindow(features.WindowSeconds, schema.Window.TotalSeconds) || schema.Window == TimeSpan.Zero)
        {
            return "";
        }

        return WindowFeatureOptions.IsComputableWindow(features.WindowSeconds)
            ? "; the packet sources compute the window of the model the agent starts with: restart the agent to run this model"
            : $"; the packet sources compute windows of {WindowFeatureOptions.MinimumWindow.TotalMilliseconds:0} ms to {WindowFeatureOptions.MaximumWindow.TotalHours:0} h";
    }
}
