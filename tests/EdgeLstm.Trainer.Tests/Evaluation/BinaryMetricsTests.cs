using EdgeLstm.Trainer.Evaluation;

namespace EdgeLstm.Trainer.Tests.Evaluation;

public sealed class BinaryMetricsTests
{
    [Fact]
    public void Compute_KnownCounts_GivesTextbookRatios()
    {
        // Threshold 0.5: TP = 2 (0.9, 0.6), FN = 1 (0.2), FP = 1 (0.7), TN = 2 (0.1, 0.3).
        float[] scores = [0.9f, 0.6f, 0.2f, 0.7f, 0.1f, 0.3f];
        bool[] attack = [true, true, true, false, false, false];

        BinaryMetrics metrics = BinaryMetrics.Compute(scores, attack, 0.5);

        Assert.Equal((2L, 1L, 2L, 1L), metrics.Counts);
        Assert.Equal(4.0 / 6, metrics.Accuracy, 12);
        Assert.Equal(2.0 / 3, metrics.Precision, 12);
        Assert.Equal(2.0 / 3, metrics.Recall, 12);
        Assert.Equal(2.0 / 3, metrics.F1, 12);
        Assert.Equal(1.0 / 3, metrics.FalsePositiveRate, 12);
        // Attack-benign pairs won: 0.9 beats 3, 0.6 beats 2, 0.2 beats 1 → 6 of 9.
        Assert.Equal(6.0 / 9, metrics.RocAuc, 12);
    }

    [Fact]
    public void Compute_NoAttackAndNoAlert_LeavesUndefinedMetricsNaN()
    {
        BinaryMetrics metrics = BinaryMetrics.Compute([0.1f, 0.2f, 0.3f], [false, false, false], 0.5);

        Assert.True(double.IsNaN(metrics.Recall));
        Assert.True(double.IsNaN(metrics.Precision));
        Assert.True(double.IsNaN(metrics.F1));
        Assert.True(double.IsNaN(metrics.RocAuc));
        Assert.Equal(0.0, metrics.FalsePositiveRate);
        Assert.Equal(1.0, metrics.Accuracy);
    }

    [Fact]
    public void Compute_NaNScore_ThrowsNamingIndex()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => BinaryMetrics.Compute([0.1f, float.NaN], [true, false], 0.5));

        Assert.Contains("Score 1", error.Message, StringComparison.Ordinal);
    }
}
