using EdgeLstm.Trainer.Evaluation;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Prints the headline figures of an evaluation.</summary>
internal static class Headline
{
    /// <summary>Writes accuracy, precision, recall, F1, AUCs and the false-positive rate at the threshold.</summary>
    public static void Print(TextWriter writer, EvaluationResult evaluation, string evaluatedOn)
    {
        BinaryMetrics b = evaluation.Binary;
        writer.WriteLine($"On {evaluatedOn} ({evaluation.Scores.Length:N0} sequences, {evaluation.IsAttack.Count(a => a):N0} attack), threshold {b.Threshold:G6}:");
        writer.WriteLine($"  accuracy {b.Accuracy:P2}  precision {b.Precision:P2}  recall {b.Recall:P2}  F1 {b.F1:F4}");
        writer.WriteLine($"  ROC AUC {b.RocAuc:F4}  PR AUC {b.PrAuc:F4}  false-positive rate {b.FalsePositiveRate:P2}");
        if (evaluation.Classes is { } classes)
        {
            writer.WriteLine($"  multi-class accuracy {classes.Accuracy:P2}, macro F1 {classes.MacroF1:F4}");
        }
    }
}
