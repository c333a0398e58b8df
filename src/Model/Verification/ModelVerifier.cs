using EdgeLstm.Model.Quantization;
using EdgeLstm.Model.Scoring;
using EdgeLstm.Model.Serialization;

namespace EdgeLstm.Model.Verification;

/// <summary>Decides whether the agent can run a model file: reads it, checks every field the reader leaves open, builds
/// the exact scorer the agent runs (float, or the integer model with its multipliers, shifts and folded biases) and scores
/// probe sequences to finite values. The trainer runs the same check before it writes a model, so what it writes the
/// agent accepts.</summary>
/// <remarks>Every refusal is one <see cref="ModelVerificationException"/> whose message names the file and the field;
/// nothing else escapes for the content of a file. The agent's checks of its own (the signature, the feature schema of
/// its source, rollback) come on top, in the agent.</remarks>
public static class ModelVerifier
{
    /// <summary>The longest sequence accepted: the agent keeps T windows per host and runs T steps per window.</summary>
    public const int MaxSequenceLength = 4096;

    /// <summary>The smallest standard deviation accepted: the trainer stores 1 for a feature whose deviation is not above it.</summary>
    public const double MinStandardDeviation = 1e-12;

    /// <summary>The longest feature window accepted, in seconds (a day).</summary>
    public const double MaxWindowSeconds = 86_400;

    /// <summary>Reads and verifies the bytes of a model file.</summary>
    /// <param name="bytes">The file's bytes, exactly as they will be run.</param>
    /// <param name="path">The file, to name it in a refusal.</param>
    /// <returns>The model, its identity and its scorer.</returns>
    /// <exception cref="ModelVerificationException">The model cannot run; the message names the file and the field.</exception>
    public static VerifiedModel Verify(ReadOnlySpan<byte> bytes, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        SequenceModel<float> model;
        try
        {
            model = ModelFile.Read(bytes);
        }
        catch (ModelFormatException error)
        {
            throw new ModelVerificationException(path, ModelVerificationException.FileField, "not a valid model: " + Trim(error.Message), error);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            throw Unexpected(path, ModelVerificationException.FileField, error);
        }

        return Verify(model, ModelIdentity.Of(bytes, model.Config.Provenance), path);
    }

    /// <summary>Verifies a model about to be written: its bytes are read back and verified, so the file on disk is
    /// exactly what passed.</summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The file it goes to, to name it in a refusal.</param>
    /// <returns>The bytes to write.</returns>
    /// <exception cref="ModelVerificationException">The agent would refuse the model.</exception>
    public static byte[] VerifyForWriting(SequenceModel<float> model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        byte[] bytes;
        try
        {
            bytes = ModelFile.ToBytes(model);
        }
        catch (Exception error) when (error is ModelFormatException or ArgumentException)
        {
            throw new ModelVerificationException(path, ModelVerificationException.FileField, error.Message, error);
        }

        _ = Verify(bytes, path);
        return bytes;
    }

    /// <summary>Returns the scorer the agent runs a model with: the integer model when the file holds a quantization
    /// section, the float model otherwise.</summary>
    /// <param name="model">The model.</param>
    /// <exception cref="ArgumentException">The integer model cannot be built from the quantization section.</exception>
    /// <exception cref="OverflowException">A requantisation multiplier or folded bias does not fit.</exception>
    public static ISequenceScorer CreateScorer(SequenceModel<float> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Config.Quantization is null ? new FloatSequenceScorer(model) : IntegerSequenceScorer.FromModel(model);
    }

    private static VerifiedModel Verify(SequenceModel<float> model, ModelIdentity identity, string path)
    {
        ModelConfig config = model.Config;
        FeatureNormalization features = CheckFields(config, path);
        CheckParameters(model, path);
        ISequenceScorer scorer;
        string field = config.Quantization is null ? "cell" : "quantization";
        try
        {
            scorer = CreateScorer(model);
        }
        catch (Exception error) when (error is ArgumentException or OverflowException or InvalidOperationException)
        {
            throw new ModelVerificationException(path, field, $"the {(config.Quantization is null ? "float" : "integer")} scorer cannot be built: {error.Message}", error);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            throw Unexpected(path, field, error);
        }

        try
        {
            Probe(scorer, features, path);
        }
        catch (ModelVerificationException)
        {
            throw;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            throw Unexpected(path, "probe", error);
        }

        return new VerifiedModel(model, identity, scorer);
    }

    // The reader validates the shape of the configuration; these are the values the agent needs beyond it.
    private static FeatureNormalization CheckFields(ModelConfig config, string path)
    {
        Require(config.SequenceLength <= MaxSequenceLength, path, "sequence_length", $"{config.SequenceLength} is above {MaxSequenceLength}");
        RequireNoNulls(config.ClassNames, path, "class_names");
        Require(config.Threshold is { } threshold && double.IsFinite(threshold), path, "threshold", "the model has no finite calibrated alert threshold (edgelstm-train calibrate)");
        FeatureNormalization features = config.Features
            ?? throw new ModelVerificationException(path, "features", "the model stores no feature schema, so it cannot read live features");
        Require(!string.IsNullOrWhiteSpace(features.Schema), path, "features.schema", "the schema name is empty");
        Require(features.Version > 0, path, "features.version", $"{features.Version} is not a positive version");
        Require(
            double.IsFinite(features.WindowSeconds) && features.WindowSeconds is >= 0 and <= MaxWindowSeconds,
            path,
            "features.window_seconds",
            $"{features.WindowSeconds} is outside 0..{MaxWindowSeconds} seconds");
        for (int i = 0; i < features.StandardDeviations.Count; i++)
        {
            Require(features.StandardDeviations[i] >= MinStandardDeviation, path, $"features.standard_deviations[{i}]", $"{features.StandardDeviations[i]} is below {MinStandardDeviation}, which the trainer replaces with 1");
        }

        RequireNoNulls(features.Names, path, "features.names");
        for (int i = 0; i < features.Names.Count; i++)
        {
            Require(features.Names[i].Length > 0, path, $"features.names[{i}]", "the name is empty");
        }

        if (config.Provenance is { } provenance)
        {
            RequireNoNulls(provenance.Metrics.Keys.ToList(), path, "provenance.metrics");
        }

        return features;
    }

    private static void CheckParameters(SequenceModel<float> model, string path)
    {
        foreach (TensorSpec tensor in model.Tensors)
        {
            ReadOnlySpan<float> values = model.Parameters.AsSpan(tensor.Offset, tensor.Length);
            for (int i = 0; i < values.Length; i++)
            {
                Require(float.IsFinite(values[i]), path, $"tensor {tensor.Name}", $"element {i} is {values[i]}");
            }
        }
    }

    // Silence (a host that has just appeared, scored from the cached silent state and stepped through), the training
    // means (a standardized zero) and a window well outside the training range, through the agent's own host scorer.
    private static void Probe(ISequenceScorer scorer, FeatureNormalization features, string path)
    {
        ModelConfig config = scorer.Config;
        int steps = config.SequenceLength;
        int m = config.InputSize;
        float[] silence = features.Silence();
        for (int i = 0; i < m; i++)
        {
            Require(float.IsFinite(silence[i]), path, $"features.means[{i}]", $"the standardized silence of feature '{features.Names[i]}' is {silence[i]}");
        }

        var sequence = new float[steps * m];
        for (int t = 0; t < steps; t++)
        {
            silence.CopyTo(sequence, t * m);
        }

        ProbeOne(scorer, sequence, steps - 1, "silence", path);
        ProbeOne(scorer, sequence, 0, "silence", path);
        Array.Clear(sequence);
        ProbeOne(scorer, sequence, 0, "the training means", path);
        for (int i = 0; i < sequence.Length; i++)
        {
            sequence[i] = (i % 2 == 0) ? 8 : -8;
        }

        ProbeOne(scorer, sequence, 0, "a window 8 standard deviations out", path);

        // The agent's path: a host history padded with silence, its first window scored.
        var timing = features.WindowSeconds > 0 ? SequenceTiming.Windows(features.WindowSeconds) : SequenceTiming.Records();
        var hosts = new HostSequenceScorer<int>(scorer, timing, capacity: 1);
        float first = hosts.Score(0, 0, silence, out _, out _);
        Require(float.IsFinite(first), path, "probe", $"a new host's first silent window scores {first}");
    }

    private static void ProbeOne(ISequenceScorer scorer, float[] sequence, int leadingSilence, string what, string path)
    {
        float raw = scorer.Score(sequence, leadingSilence);
        double score = raw / scorer.Config.SilenceScale(leadingSilence);
        Require(double.IsFinite(score), path, "probe", $"{what} ({leadingSilence} leading silent steps) scores {score}");
        ReadOnlySpan<float> outputs = scorer.Outputs;
        for (int i = 0; i < outputs.Length; i++)
        {
            Require(float.IsFinite(outputs[i]), path, "probe", $"{what} gives head output {i} = {outputs[i]}");
        }
    }

    private static void RequireNoNulls<T>(IReadOnlyList<T?> values, string path, string field)
        where T : class
    {
        for (int i = 0; i < values.Count; i++)
        {
            Require(values[i] is not null, path, $"{field}[{i}]", "the value is null");
        }
    }

    private static void Require(bool condition, string path, string field, string reason)
    {
        if (!condition)
        {
            throw new ModelVerificationException(path, field, reason);
        }
    }

    private static ModelVerificationException Unexpected(string path, string field, Exception error) =>
        new(path, field, $"unexpected {error.GetType().Name}: {error.Message}", error) { IsUnexpected = true };

    // The reader names its source "model" when it reads bytes; the refusal names the file instead.
    private static string Trim(string message) => message.StartsWith("model: ", StringComparison.Ordinal) ? message["model: ".Length..] : message;
}

/// <summary>A model that passed <see cref="ModelVerifier"/>: the model, its identity and the scorer it was probed with.</summary>
/// <param name="Model">The float model (and its configuration).</param>
/// <param name="Identity">The identity of the file's bytes.</param>
/// <param name="Scorer">The scorer the agent runs it with (float or integer), already probed.</param>
public sealed record VerifiedModel(SequenceModel<float> Model, ModelIdentity Identity, ISequenceScorer Scorer);
