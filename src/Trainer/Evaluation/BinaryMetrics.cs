namespace EdgeLstm.Trainer.Evaluation;

/// <summary>Holds the detection metrics of anomaly scores against binary truth (attack = positive) at a threshold.</summary>
/// <remarks>A metric whose denominator is empty is undefined and is NaN, never a stand-in 0: the recall of data without
/// attacks, the precision at a threshold that raises no alert, the false-positive rate of data without benign sequences.
/// <see cref="Reporting.MetricText"/> prints it as "n/a" and stores it as JSON null.</remarks>
internal sealed record BinaryMetrics
{
    /// <summary>Gets the number of true positives, false positives, true negatives and false negatives.</summary>
    public required (long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives) Counts { get; init; }

    /// <summary>Gets the threshold the counts were taken at (score ≥ threshold is an alert).</summary>
    public required double Threshold { get; init; }

    /// <summary>Gets the area under the ROC curve (ties count one half), NaN when one class is absent.</summary>
    public required double RocAuc { get; init; }

    /// <summary>Gets the area under the precision-recall curve as average precision, NaN without positives.</summary>
    public required double PrAuc { get; init; }

    /// <summary>Gets the fraction of correct decisions.</summary>
    public double Accuracy => Ratio(Counts.TruePositives + Counts.TrueNegatives, Total);

    /// <summary>Gets TP / (TP + FP), NaN without alerts.</summary>
    public double Precision => Ratio(Counts.TruePositives, Counts.TruePositives + Counts.FalsePositives);

    /// <summary>Gets TP / (TP + FN), the detection rate, NaN without attacks.</summary>
    public double Recall => Ratio(Counts.TruePositives, Counts.TruePositives + Counts.FalseNegatives);

    /// <summary>Gets the harmonic mean of precision and recall: 0 when both are 0, NaN when either is undefined.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Gets FP / (FP + TN), the false-positive rate at the threshold, NaN without benign sequences.</summary>
    public double FalsePositiveRate => Ratio(Counts.FalsePositives, Counts.FalsePositives + Counts.TrueNegatives);

    private long Total => Counts.TruePositives + Counts.FalsePositives + Counts.TrueNegatives + Counts.FalseNegatives;

    /// <summary>Computes the metrics of scores (higher = more anomalous) against truth at a threshold.</summary>
    /// <exception cref="ArgumentException">The spans differ in length or are empty, or a score is not finite.</exception>
    public static BinaryMetrics Compute(ReadOnlySpan<float> scores, ReadOnlySpan<bool> isAttack, double threshold)
    {
        if (scores.Length != isAttack.Length || scores.IsEmpty)
        {
            throw new ArgumentException($"Need as many scores as labels, at least one: {scores.Length} scores, {isAttack.Length} labels.");
        }

        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            if (!float.IsFinite(scores[i]))
            {
                throw new ArgumentException($"Score {i} is {scores[i]}; scores must be finite.");
            }

            bool alert = scores[i] >= threshold;
            if (isAttack[i])
            {
                tp += alert ? 1 : 0;
                fn += alert ? 0 : 1;
            }
            else
            {
                fp += alert ? 1 : 0;
                tn += alert ? 0 : 1;
            }
        }

        return new BinaryMetrics
        {
            Counts = (tp, fp, tn, fn),
            Threshold = threshold,
            RocAuc = RankCurves.RocAuc(scores, isAttack),
            PrAuc = RankCurves.AveragePrecision(scores, isAttack),
        };
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? double.NaN : (double)numerator / denominator;
}
