using System.Globalization;
using System.Text;
using EdgeLstm.Model;
using EdgeLstm.Trainer.Evaluation;
using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Trainer.Reporting;

/// <summary>Writes the report an analyst reads next to a model: Markdown with the figures, and SVG plots
/// (loss curves, ROC curve, score histograms by class).</summary>
internal static class ReportWriter
{
    /// <summary>Writes <c>&lt;stem&gt;.report.md</c> and its plots; returns the Markdown path.</summary>
    /// <param name="stem">The path without extension, usually the model path without <c>.safetensors</c>.</param>
    /// <param name="title">The report title.</param>
    /// <param name="model">The evaluated model.</param>
    /// <param name="evaluation">The evaluation on the test data.</param>
    /// <param name="training">The training run, when the report follows training.</param>
    /// <param name="notes">Lines printed under the title: the split the figures come from, warnings.</param>
    /// <remarks>Every file is written atomically (see <see cref="AtomicTextFile"/>), the Markdown last; an undefined metric reads "n/a".</remarks>
    public static string Write(string stem, string title, SequenceModel<float> model, EvaluationResult evaluation, TrainingResult? training, IReadOnlyList<string>? notes = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(evaluation);
        string name = Path.GetFileName(stem);
        var md = new StringBuilder();
        CultureInfo invariant = CultureInfo.InvariantCulture;
        BinaryMetrics b = evaluation.Binary;
        md.AppendLine(invariant, $"# {title}");
        md.AppendLine();
        md.AppendLine(invariant, $"Model: {model.Config.Cell}, m = {model.Config.InputSize}, n = {model.Config.HiddenSize}, head {model.Config.Head}, {model.Parameters.Length:N0} parameters, {model.Config.SequenceLength} steps per sequence.");
        md.AppendLine();
        foreach (string note in notes ?? [])
        {
            md.AppendLine(invariant, $"{note}  ");
        }

        if (notes is { Count: > 0 })
        {
            md.AppendLine();
        }

        md.AppendLine("| metric | value |");
        md.AppendLine("|---|---|");
        md.AppendLine(invariant, $"| sequences | {evaluation.Scores.Length:N0} ({evaluation.IsAttack.Count(a => a):N0} attack) |");
        md.AppendLine(invariant, $"| threshold | {b.Threshold:G6} |");
        md.AppendLine(invariant, $"| accuracy | {MetricText.Format(b.Accuracy, "P2")} |");
        md.AppendLine(invariant, $"| precision | {MetricText.Format(b.Precision, "P2")} |");
        md.AppendLine(invariant, $"| recall (detection rate) | {MetricText.Format(b.Recall, "P2")} |");
        md.AppendLine(invariant, $"| F1 | {MetricText.Format(b.F1, "F4")} |");
        md.AppendLine(invariant, $"| ROC AUC | {MetricText.Format(b.RocAuc, "F4")} |");
        md.AppendLine(invariant, $"| PR AUC (average precision) | {MetricText.Format(b.PrAuc, "F4")} |");
        md.AppendLine(invariant, $"| false-positive rate at threshold | {MetricText.Format(b.FalsePositiveRate, "P2")} |");
        md.AppendLine();
        md.AppendLine("Binary confusion matrix (rows: truth, columns: decision at the threshold):");
        md.AppendLine();
        md.AppendLine("| | benign | alert |");
        md.AppendLine("|---|---|---|");
        md.AppendLine(invariant, $"| benign | {b.Counts.TrueNegatives:N0} | {b.Counts.FalsePositives:N0} |");
        md.AppendLine(invariant, $"| attack | {b.Counts.FalseNegatives:N0} | {b.Counts.TruePositives:N0} |");
        md.AppendLine();
        if (evaluation.Classes is { } classes)
        {
            AppendClasses(md, classes);
        }

        var files = new List<(string Path, string Text)>();
        if (training is not null)
        {
            md.AppendLine(invariant, $"Training: {training.History.Count} epochs in {training.Elapsed.TotalSeconds:F1} s, best epoch {training.BestEpoch}{(training.StoppedEarly ? ", stopped early" : "")}{(training.Cancelled ? ", interrupted" : "")}.");
            md.AppendLine();
            files.Add((stem + ".loss.svg", LossChart(training).Render()));
            md.AppendLine(invariant, $"![loss curves]({name}.loss.svg)");
            md.AppendLine();
        }

        files.Add((stem + ".roc.svg", RocChart(evaluation).Render()));
        files.Add((stem + ".scores.svg", ScoreChart(evaluation).Render()));
        md.AppendLine(invariant, $"![ROC curve]({name}.roc.svg)");
        md.AppendLine();
        md.AppendLine(invariant, $"![score histograms]({name}.scores.svg)");
        string path = stem + ".report.md";
        files.Add((path, md.ToString()));
        foreach ((string file, string text) in files)
        {
            AtomicTextFile.WriteAllText(file, text);
        }

        return path;
    }

    private static void AppendClasses(StringBuilder md, ConfusionMatrix classes)
    {
        CultureInfo invariant = CultureInfo.InvariantCulture;
        int k = classes.ClassNames.Count;
        md.AppendLine(invariant, $"Multi-class accuracy {MetricText.Format(classes.Accuracy, "P2")}, macro F1 {MetricText.Format(classes.MacroF1, "F4")}.");
        md.AppendLine();
        md.AppendLine("| class | support | precision | recall | F1 |");
        md.AppendLine("|---|---|---|---|---|");
        for (int c = 0; c < k; c++)
        {
            md.AppendLine(invariant, $"| {classes.ClassNames[c]} | {classes.Support(c):N0} | {MetricText.Format(classes.Precision(c), "F4")} | {MetricText.Format(classes.Recall(c), "F4")} | {MetricText.Format(classes.F1(c), "F4")} |");
        }

        md.AppendLine();
        md.AppendLine("Confusion matrix (rows: truth, columns: predicted class):");
        md.AppendLine();
        md.AppendLine("| | " + string.Join(" | ", classes.ClassNames) + " |");
        md.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", k)));
        for (int t = 0; t < k; t++)
        {
            md.AppendLine(invariant, $"| {classes.ClassNames[t]} | {string.Join(" | ", Enumerable.Range(0, k).Select(p => classes[t, p].ToString("N0", invariant)))} |");
        }

        md.AppendLine();
    }

    private static SvgChart LossChart(TrainingResult training) => new SvgChart("Loss per epoch", "epoch", "loss")
        .Line("training", training.History.Select(r => ((double)r.Epoch, r.TrainLoss)).ToList())
        .Line("validation", training.History.Select(r => ((double)r.Epoch, r.ValidationLoss)).ToList());

    private static SvgChart RocChart(EvaluationResult evaluation)
    {
        var chart = new SvgChart($"ROC curve (AUC {MetricText.Format(evaluation.Binary.RocAuc, "F4")})", "false-positive rate", "true-positive rate")
        {
            XRange = (0, 1),
            YRange = (0, 1),
        };
        return chart.Line("model", RankCurves.RocCurve(evaluation.Scores, evaluation.IsAttack)).Line("chance", [(0, 0), (1, 1)]);
    }

    private static SvgChart ScoreChart(EvaluationResult evaluation)
    {
        const int bins = 40;
        float[] scores = evaluation.Scores;
        double min = scores.Min();
        double max = Math.Max(scores.Max(), min + 1e-9);
        List<(double X, double Y)> Histogram(bool attack)
        {
            var counts = new double[bins];
            int total = 0;
            for (int i = 0; i < scores.Length; i++)
            {
                if (evaluation.IsAttack[i] == attack)
                {
                    counts[Math.Min(bins - 1, (int)((scores[i] - min) / (max - min) * bins))]++;
                    total++;
                }
            }

            return Enumerable.Range(0, bins).Select(i => (min + ((max - min) * i / bins), total == 0 ? 0 : counts[i] / total)).ToList();
        }

        return new SvgChart("Anomaly scores by class", "score", "fraction of sequences")
            .Histogram("benign", Histogram(false))
            .Histogram("attack", Histogram(true))
            .Line("threshold", [(evaluation.Binary.Threshold, 0), (evaluation.Binary.Threshold, 1)]);
    }
}
