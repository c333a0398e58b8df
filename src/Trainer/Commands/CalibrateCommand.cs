using System.CommandLine;
using System.Globalization;
using EdgeLstm.Model;
using EdgeLstm.Model.Quantization;
using EdgeLstm.Model.Serialization;
using EdgeLstm.Trainer.Data;
using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Builds the <c>calibrate</c> command: re-fits a model's alert threshold on a site's own benign traffic.</summary>
/// <remarks>A threshold and a normalization fitted on one network do not hold on another (the false-positive rate
/// at a 1% target was 2.15% on unseen device types and 51% on another network's conn.log): the site's benign traffic
/// is the right calibration set. Windows are scored as the agent scores them, in integers for a quantized model.</remarks>
internal static class CalibrateCommand
{
    /// <summary>The default target false-positive rate per window: the agent's <c>Detection:LearningTargetFpr</c>.</summary>
    public const double DefaultTargetFpr = 0.001;

    /// <summary>The fewest benign windows below which the threshold is called unreliable.</summary>
    public const int MinimumWindows = 1_000;

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model", "-m") { Description = "Model file whose threshold to re-fit.", Required = true };
        var data = new DataOptions("data", "The site's benign traffic (features of its captures, or its conn.log with --format flow)", required: true);
        var fpr = new Option<double>("--target-fpr") { Description = "Share of the site's benign windows allowed at or above the threshold.", DefaultValueFactory = _ => DefaultTargetFpr };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Model file to write (written to a temporary file, then renamed).", Required = true };
        var command = new Command("calibrate", "Re-fit a model's alert threshold on the deployment's own benign traffic, at a target false-positive rate per window.")
        {
            model, data.Paths, fpr, output,
        };
        data.AddFormatOptions(command);
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            CalibrationResult result = Calibrate(parse.GetRequiredValue(model).FullName, data.Bind(parse)!, parse.GetValue(fpr), parse.GetRequiredValue(output).FullName);
            result.Print(Console.Out, Console.Error);
            return 0;
        }));
        return command;
    }

    /// <summary>Scores every benign window of the data with the model, sets the threshold at the target quantile and writes the model.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="spec">The site's traffic; windows labelled as attacks, if any, are left out.</param>
    /// <param name="targetFpr">The share of benign windows allowed at or above the new threshold, in (0, 1).</param>
    /// <param name="output">The model file to write.</param>
    /// <returns>What was fitted.</returns>
    /// <exception cref="UsageException">The rate is out of range, the model has no threshold, or the data has no benign window.</exception>
    public static CalibrationResult Calibrate(string path, DatasetSpec spec, double targetFpr, string output)
    {
        if (targetFpr is <= 0 or >= 1 || double.IsNaN(targetFpr))
        {
            throw new UsageException($"--target-fpr must be between 0 and 1, both excluded (was {targetFpr.ToString(CultureInfo.InvariantCulture)}).");
        }

        SequenceModel<float> loaded = ModelFile.Load(path);
        double before = loaded.Config.Threshold ?? throw new UsageException($"{path} has no threshold to re-fit.");
        SequenceSet set = TrainingPipeline.ReadForModel(spec, loaded, stride: 1, WindowLabelRule.LastRecord);
        SequenceSet benign = set.BenignOnly();
        if (benign.Count == 0)
        {
            throw new UsageException($"{string.Join(", ", spec.Paths)} holds no benign window of {loaded.Config.SequenceLength} records to calibrate on.");
        }

        float[] scores = Score(loaded, benign);
        double after = AlertThreshold.AtFalsePositiveRate(scores, targetFpr);
        _ = ModelOutput.Save(new SequenceModel<float>(loaded.Config with { Threshold = after }, loaded.Parameters), output);
        return new CalibrationResult(before, after, benign.Count, set.Count - benign.Count, RateAtOrAbove(scores, before), RateAtOrAbove(scores, after), targetFpr, loaded.Config.Quantization is not null, output);
    }

    // The agent's arithmetic: the stored integer model when there is one.
    private static float[] Score(SequenceModel<float> model, SequenceSet data)
    {
        if (model.Config.Quantization is null)
        {
            return ModelTrainer.Score(model, data);
        }

        // As the agent: the raw score divided by the silence scale of the sequence's leading silent steps.
        IntegerSequenceScorer scorer = IntegerSequenceScorer.FromModel(model);
        bool silenceKnown = data.LeadingSilence.Length == data.Count;
        var scores = new float[data.Count];
        for (int i = 0; i < data.Count; i++)
        {
            int silent = silenceKnown ? data.LeadingSilence[i] : 0;
            scores[i] = (float)(scorer.Score(data.Sequence(i), silent) / model.Config.SilenceScale(silent));
        }

        return scores;
    }

    private static double RateAtOrAbove(ReadOnlySpan<float> scores, double threshold)
    {
        int above = 0;
        foreach (float score in scores)
        {
            above += score >= threshold ? 1 : 0;
        }

        return (double)above / scores.Length;
    }
}

/// <summary>The outcome of <see cref="CalibrateCommand.Calibrate"/>.</summary>
/// <param name="Before">The model's threshold before.</param>
/// <param name="After">The re-fitted threshold.</param>
/// <param name="Windows">The benign windows scored.</param>
/// <param name="LeftOut">The windows left out because they were labelled as attacks.</param>
/// <param name="RateBefore">The share of the benign windows at or above the old threshold.</param>
/// <param name="RateAfter">The share at or above the new one.</param>
/// <param name="TargetFpr">The target rate.</param>
/// <param name="Integer">Whether the windows were scored by the integer model.</param>
/// <param name="Output">The model file written.</param>
internal sealed record CalibrationResult(
    double Before, double After, int Windows, int LeftOut, double RateBefore, double RateAfter, double TargetFpr, bool Integer, string Output)
{
    /// <summary>Gets a value indicating whether the threshold rests on too few windows to hold its rate.</summary>
    public bool TooFewWindows => Windows < CalibrateCommand.MinimumWindows;

    /// <summary>Prints the result, and a warning on <paramref name="error"/> when it rests on too few windows.</summary>
    public void Print(TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        CultureInfo invariant = CultureInfo.InvariantCulture;
        string leftOut = LeftOut > 0 ? $" ({LeftOut.ToString("N0", invariant)} windows labelled as attacks left out)" : "";
        output.WriteLine($"Scored {Windows.ToString("N0", invariant)} benign windows{leftOut} with the {(Integer ? "integer" : "float")} model.");
        output.WriteLine(string.Create(invariant, $"threshold before {Before:G6}: {RateBefore:P3} of these windows at or above it"));
        output.WriteLine(string.Create(invariant, $"threshold after  {After:G6}: {RateAfter:P3} at or above it (target {TargetFpr:P3})"));
        if (TooFewWindows)
        {
            error.WriteLine(string.Create(invariant,
                $"WARNING: the threshold rests on only {Windows:N0} benign windows (fewer than {CalibrateCommand.MinimumWindows:N0}); at a target of {TargetFpr:P3} that is {Math.Floor(TargetFpr * Windows):N0} windows above it. Calibrate on more of the site's traffic before trusting it."));
        }

        output.WriteLine($"Model: {Output}");
    }
}
