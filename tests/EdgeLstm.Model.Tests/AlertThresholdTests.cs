namespace EdgeLstm.Model.Tests;

public sealed class AlertThresholdTests
{
    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.01, 10)]
    [InlineData(0.1, 100)]
    public void AtFalsePositiveRate_ShuffledScores_LeavesAtMostTheTargetShareAtOrAbove(double rate, int above)
    {
        var random = new Random(11);
        float[] scores = [.. Enumerable.Range(0, 1000).Select(i => i / 1000f).OrderBy(_ => random.Next())];

        double threshold = AlertThreshold.AtFalsePositiveRate(scores, rate);

        Assert.Equal(above, scores.Count(s => s >= threshold));
        Assert.Equal(above + 1, scores.Count(s => s >= Math.BitDecrement(threshold) - 1e-7));
    }

    [Fact]
    public void AtFalsePositiveRate_NoScores_Throws() => Assert.Throws<ArgumentException>(() => AlertThreshold.AtFalsePositiveRate([], 0.01));

    [Fact]
    public void AtFalsePositiveRate_RateOfOne_Throws() => Assert.Throws<ArgumentException>(() => AlertThreshold.AtFalsePositiveRate([1f], 1.0));
}
