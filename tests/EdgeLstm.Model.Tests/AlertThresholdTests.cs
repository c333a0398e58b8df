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

    [Theory]
    [InlineData(0.0005)]
    [InlineData(0.01)]
    [InlineData(0.2)]
    public void AtAlertRate_OneOfOneWithoutMultiple_EqualsTheWindowQuantile(double rate)
    {
        var random = new Random(5);
        float[] scores = [.. Enumerable.Range(0, 4000).Select(_ => (float)random.NextDouble() * 10)];

        double byAlerts = AlertThreshold.AtAlertRate(scores, windowsPerHostHour: 100, targetAlertsPerHostHour: rate * 100, new AlertPolicyShape(1, 1, 0));

        Assert.Equal(AlertThreshold.AtFalsePositiveRate(scores, rate), byAlerts);
    }

    [Fact]
    public void AtAlertRate_TwoOfThree_ReturnsTheLowestThresholdWithinTheTarget()
    {
        var random = new Random(3);
        float[] scores = [.. Enumerable.Range(0, 20_000).Select(_ => (float)-Math.Log(1 - random.NextDouble()))];
        var policy = new AlertPolicyShape(2, 3, 8);
        float[] sorted = [.. scores.Order()];
        double allowed = (1.0 / 24) / 300;
        double Rate(double t) => policy.DecisionProbability(AlertThreshold.ShareAtOrAbove(sorted, t), AlertThreshold.ShareAtOrAbove(sorted, 8 * t));

        double threshold = AlertThreshold.AtAlertRate(scores, 300, 1.0 / 24, policy);

        Assert.True(Rate(threshold) <= allowed);
        float below = sorted.Last(s => s < threshold);
        Assert.True(Rate(below) > allowed, $"{below} also fits");

        // 2 of 3 reads the scores far from the extreme tail: about sqrt(allowed / 2) of them are above the threshold.
        double share = AlertThreshold.ShareAtOrAbove(sorted, threshold);
        Assert.InRange(share, 0.5 * Math.Sqrt(allowed / 2), 1.5 * Math.Sqrt(allowed / 2));
    }

    [Fact]
    public void AtAlertRate_RareHugeScores_KeepsThemBelowTheImmediateMultiple()
    {
        // 1% of the windows score 100: under 2 of 3 alone they would almost never pair, but one alerts at once at 8×.
        float[] scores = [.. Enumerable.Range(0, 10_000).Select(i => i % 100 == 0 ? 100f : (i % 97) / 97f)];

        double threshold = AlertThreshold.AtAlertRate(scores, 300, 1.0 / 24, new AlertPolicyShape(2, 3, 8));

        Assert.True(8 * threshold > 100, $"{threshold}: 8× it does not clear the outliers");
    }

    [Theory]
    [InlineData(2, 3, 0.01)]
    [InlineData(3, 5, 0.05)]
    [InlineData(1, 3, 0.02)]
    public void DecisionProbability_IndependentWindows_MatchesTheSimulatedRule(int k, int n, double p)
    {
        var random = new Random(17);
        var policy = new AlertPolicyShape(k, n, 0);
        const int Windows = 2_000_000;
        int recent = 0;
        int decisions = 0;
        for (int i = 0; i < Windows; i++)
        {
            bool anomalous = random.NextDouble() < p;
            recent = ((recent << 1) | (anomalous ? 1 : 0)) & ((1 << n) - 1);
            decisions += anomalous && int.PopCount(recent) >= k ? 1 : 0;
        }

        double expected = policy.DecisionProbability(p, 0);

        Assert.InRange((double)decisions / Windows, 0.9 * expected, 1.1 * expected);
    }

    [Fact]
    public void AtAlertRate_NonPositiveWindowsPerHostHour_Throws() =>
        Assert.Throws<ArgumentException>(() => AlertThreshold.AtAlertRate([1f], 0, 1, AlertPolicyShape.Default));
}
