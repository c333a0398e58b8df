using EdgeLstm.Trainer.Evaluation;
using EdgeLstm.Trainer.Reporting;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Prints the headline figures of an evaluation.</summary>
internal static class Headline
{
    /// <summary>Writes accuracy, precision, recall, F1, AUCs and the false-positive rate at the threshold ("n/a" where undefined).</summary>
    public static void Print(TextWriter writer, EvaluationResult evaluation, string evaluatedOn)
    {
        BinaryMetrics b = evaluation.Binary;
        writer.WriteLine($"On {evaluatedOn} ({evaluation.Scores.Length:N0} sequences, {evaluation.IsAttack.Count(a => a):N0} attack), threshold {b.Threshold:G6}:");
        writer.WriteLine($"  accuracy {MetricText.Format(b.Accuracy, "P2")}  precision {MetricText.Format(b.Precision, "P2")}  recall {MetricText.Format(b.Recall, "P2")}  F1 {MetricText.Format(b.F1, "F4")}");
        writer.WriteLine($"  ROC AUC {MetricText.Format(b.RocAuc, "F4")}  PR AUC {MetricText.Format(b.PrAuc, "F4")}  false-positive rate {MetricText.Format(b.FalsePositiveRate, "P2")}");
        if (evaluation.Classes is { } classes)
        {
            writer.WriteLine($"  multi-class accuracy {MetricText.Format(classes.Accuracy, "P2")}, macro F1 {MetricText.Format(classes.MacroF1, "F4")}");
        }
    }
}
