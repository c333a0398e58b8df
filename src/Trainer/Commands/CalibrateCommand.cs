using System.CommandLine;
using System.Globalization;
using EdgeLstm.Model;
using EdgeLstm.Model.Quantization;
using EdgeLstm.Model.Serialization;
using EdgeLstm.Trainer.Data;
using EdgeLstm.Trainer.Evaluation;
using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Builds the <c>calibrate</c> command: re-fits a model's alert threshold on a site's own benign traffic.</summary>
/// <remarks>A threshold and a normalization fitted on one network do not hold on another (the false-positive rate
/// at a 1% target was 2.15% on unseen device types and 51% on another network's conn.log): the site's benign traffic
/// is the right calibration set. Windows are scored as the agent scores them, in integers for a quantized model. By
/// default the threshold is fitted for a number of false alerts per 24 host-hours under the agent's alert policy
/// (<see cref="AlertThreshold.AtAlertRate"/>); <c>--target-fpr</c> fits a window quantile instead.</remarks>
internal static class CalibrateCommand
{
    /// <summary>The default false alerts per 24 host-hours: the agent's <c>Detection:LearningAlertsPerHostDay</c>.</summary>
    public const double DefaultAlertsPerHostDay = 1;

    /// <summary>The fewest benign windows below which the threshold is called unreliable.</summary>
    public const int MinimumWindows = 1_000;

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model", "-m") { Description = "Model file whose threshold to re-fit.", Required = true };
        var data = new DataOptions("data", "The site's benign traffic (features of its captures, or its conn.log with --format flow)", required: true);
        var fpr = new Option<double?>("--target-fpr") { Description = "Fit a window quantile instead: the share of the site's benign windows allowed at or above the threshold." };
        var alerts = new Option<double>("--alerts-per-host-day") { Description = "False alerts per 24 host-hours allowed under the alert policy (the default fit).", DefaultValueFactory = _ => DefaultAlertsPerHostDay };
        var k = new Option<int>("--anomalous-windows") { Description = "The agent's Detection:AnomalousWindows (k of the k-of-n rule).", DefaultValueFactory = _ => AlertPolicyShape.Default.AnomalousWindows };
        var n = new Option<int>("--of-windows") { Description = "The agent's Detection:OfWindows (n).", DefaultValueFactory = _ => AlertPolicyShape.Default.OfWindows };
        var multiple = new Option<double>("--immediate-multiple") { Description = "The agent's Detection:ImmediateMultiple (0 for none).", DefaultValueFactory = _ => AlertPolicyShape.Default.ImmediateMultiple };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Model file to write (written to a temporary file, then renamed).", Required = true };
        var command = new Command("calibrate", "Re-fit a model's alert threshold on the deployment's own benign traffic: for at most --alerts-per-host-day false alerts per 24 host-hours under the agent's alert policy, or at --target-fpr per window.")
        {
            model, data.Paths, fpr, alerts, k, n, multiple, output,
        };
        data.AddFormatOptions(command);
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var target = new CalibrationTarget(parse.GetValue(fpr), parse.GetValue(alerts), new AlertPolicyShape(parse.GetValue(k), parse.GetValue(n), parse.GetValue(multiple)));
            CalibrationResult result = Calibrate(parse.GetRequiredValue(model).FullName, data.Bind(parse)!, target, parse.GetRequiredValue(output).FullName);
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
    public static CalibrationResult Calibrate(string path, DatasetSpec spec, double targetFpr, string output) =>
        Calibrate(path, spec, new CalibrationTarget(targetFpr, DefaultAlertsPerHostDay, AlertPolicyShape.Default), output);

    /// <summary>Scores every benign window of the data with the model, fits the threshold for the target and writes the model.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="spec">The site's traffic; windows labelled as attacks, if any, are left out.</param>
    /// <param name="target">What to fit: a window rate, or false alerts per 24 host-hours under a policy.</param>
    /// <param name="output">The model file to write.</param>
    /// <returns>What was fitted.</returns>
    /// <exception cref="UsageException">A rate or the policy is out of range, the model has no threshold, or the data has no benign window.</exception>
    public static CalibrationResult Calibrate(string path, DatasetSpec spec, CalibrationTarget target, string output)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.TargetFpr is double rate && (rate is <= 0 or >= 1 || double.IsNaN(rate)))
        {
            throw new UsageException($"--target-fpr must be between 0 and 1, both excluded (was {rate.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (!double.IsFinite(target.AlertsPerHostDay) || target.AlertsPerHostDay <= 0)
        {
            throw new ArgumentException($"--alerts-per-host-day must be positive (was {target.AlertsPerHostDay.ToString(CultureInfo.InvariantCulture)}).");
        }

        target.Policy.Validate();
        SequenceModel<float> loaded = ModelFile.Load(path);
        double before = loaded.Config.Threshold ?? throw new UsageException($"{path} has no threshold to re-fit.");
        SequenceSet set = TrainingPipeline.ReadForModel(spec, loaded, stride: 1, WindowLabelRule.LastRecord);
        SequenceSet benign = set.BenignOnly();
        if (benign.Count == 0)
        {
            throw new UsageException($"{string.Join(", ", spec.Paths)} holds no benign window of {loaded.Config.SequenceLength} records to calibrate on.");
        }

        float[] scores = Score(loaded, benign);
        double window = loaded.Config.Features is { WindowSeconds: > 0 } features ? features.WindowSeconds : 1;
        SiteWindows site = SiteWindows.Of(benign, scores, window, target.Policy);
        AlertRateFit? fit = null;
        double after;
        if (target.TargetFpr is double fpr)
        {
            after = AlertThreshold.AtFalsePositiveRate(scores, fpr);
        }
        else
        {
            fit = AlertThreshold.AtAlertRate(site.Scores, site.PolicyValues, site.Windows / site.HostHours, target.AlertsPerHostDay / 24, target.Policy);
            after = fit.Threshold;
        }

        _ = ModelOutput.Save(new SequenceModel<float>(loaded.Config with { Threshold = after }, loaded.Parameters), output);
        return new CalibrationResult(before, after, benign.Count, set.Count - benign.Count, RateAtOrAbove(scores, before), RateAtOrAbove(scores, after), target.TargetFpr ?? 0, loaded.Config.Quantization is not null, output)
        {
            HostHours = site.HostHours,
            Target = target,
            Fit = fit,
            DecisionsAfter = site.DecisionsAtOrAbove(after),
        };
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

/// <summary>What <see cref="CalibrateCommand.Calibrate(string, DatasetSpec, CalibrationTarget, string)"/> fits.</summary>
/// <param name="TargetFpr">A window rate to fit a quantile at, or null to fit for <paramref name="AlertsPerHostDay"/>.</param>
/// <param name="AlertsPerHostDay">The false alerts per 24 host-hours allowed under <paramref name="Policy"/>.</param>
/// <param name="Policy">The agent's alert policy.</param>
internal sealed record CalibrationTarget(double? TargetFpr, double AlertsPerHostDay, AlertPolicyShape Policy);

/// <summary>The outcome of <see cref="CalibrateCommand.Calibrate(string, DatasetSpec, CalibrationTarget, string)"/>.</summary>
/// <param name="Before">The model's threshold before.</param>
/// <param name="After">The re-fitted threshold.</param>
/// <param name="Windows">The benign windows scored.</param>
/// <param name="LeftOut">The windows left out because they were labelled as attacks.</param>
/// <param name="RateBefore">The share of the benign windows at or above the old threshold.</param>
/// <param name="RateAfter">The share at or above the new one.</param>
/// <param name="TargetFpr">The target window rate; 0 when the fit was for alerts per host-hour.</param>
/// <param name="Integer">Whether the windows were scored by the integer model.</param>
/// <param name="Output">The model file written.</param>
internal sealed record CalibrationResult(
    double Before, double After, int Windows, int LeftOut, double RateBefore, double RateAfter, double TargetFpr, bool Integer, string Output)
{
    /// <summary>Gets the hosts' time on the network in the data: per host, its first to its last window and one window more.</summary>
    public double HostHours { get; init; }

    /// <summary>Gets what was fitted, or null when unknown.</summary>
    public CalibrationTarget? Target { get; init; }

    /// <summary>Gets the fit for alerts per host-hour, or null for a window quantile.</summary>
    public AlertRateFit? Fit { get; init; }

    /// <summary>Gets the windows of the data that are alert decisions of the policy at the new threshold (before the cooldown).</summary>
    public int DecisionsAfter { get; init; }

    /// <summary>Gets a value indicating whether the threshold rests on too few windows to hold its rate.</summary>
    public bool TooFewWindows => Windows < CalibrateCommand.MinimumWindows;

    /// <summary>Prints the result, and a warning on <paramref name="error"/> when it rests on too few windows.</summary>
    public void Print(TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        CultureInfo invariant = CultureInfo.InvariantCulture;
        string leftOut = LeftOut > 0 ? $" ({LeftOut.ToString("N0", invariant)} windows labelled as attacks left out)" : "";
        string hours = HostHours > 0 ? string.Create(invariant, $" over {HostHours:N2} host-hours") : "";
        output.WriteLine($"Scored {Windows.ToString("N0", invariant)} benign windows{hours}{leftOut} with the {(Integer ? "integer" : "float")} model.");
        output.WriteLine(string.Create(invariant, $"threshold before {Before:G6}: {RateBefore:P3} of these windows at or above it"));
        if (Fit is null || Target is null)
        {
            output.WriteLine(string.Create(invariant, $"threshold after  {After:G6}: {RateAfter:P3} at or above it (target {TargetFpr:P3})"));
        }
        else
        {
            AlertPolicyShape policy = Target.Policy;
            string immediate = policy.ImmediateMultiple > 0 ? string.Create(invariant, $" or one window at {policy.ImmediateMultiple:G}x") : "";
            output.WriteLine(string.Create(invariant,
                $"threshold after  {After:G6}: {RateAfter:P3} at or above it (target {Target.AlertsPerHostDay:G3} false alerts per 24 host-hours under {policy.AnomalousWindows} of {policy.OfWindows}{immediate})"));
            output.WriteLine(string.Create(invariant,
                $"  expected {Fit.PredictedAlertsPerHostHour * 24:G3} per 24 host-hours (burst factor {Fit.BurstFactor:G3}); these windows hold {DecisionsAfter:N0} alert decisions at it ({DecisionsAfter * 24 / Math.Max(HostHours, double.Epsilon):G3} per 24 host-hours before the cooldown)"));
        }

        if (TooFewWindows)
        {
            double rate = TargetFpr > 0 ? TargetFpr : RateAfter;
            error.WriteLine(string.Create(invariant,
                $"WARNING: the threshold rests on only {Windows:N0} benign windows (fewer than {CalibrateCommand.MinimumWindows:N0}); at a rate of {rate:P3} that is {Math.Floor(rate * Windows):N0} windows above it. Calibrate on more of the site's traffic before trusting it."));
        }

        output.WriteLine($"Model: {Output}");
    }
}
