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
        var policy = new AlertPolicyShape(1, 1, 0);

        AlertRateFit fit = AlertThreshold.AtAlertRate(scores, Values(policy, scores, hosts: 7), windowsPerHostHour: 100, targetAlertsPerHostHour: rate * 100, policy);

        Assert.Equal(AlertThreshold.AtFalsePositiveRate(scores, rate), fit.Threshold);
        Assert.Equal(1, fit.BurstFactor);
    }

    [Fact]
    public void AtAlertRate_IndependentWindows_ReturnsTheLowestThresholdWithinTheTarget()
    {
        var random = new Random(3);
        float[] scores = [.. Enumerable.Range(0, 50_000).Select(_ => (float)-Math.Log(1 - random.NextDouble()))];
        var policy = new AlertPolicyShape(2, 3, 8);
        float[] sorted = [.. scores.Order()];
        double allowed = (1.0 / 24) / 300;

        AlertRateFit fit = AlertThreshold.AtAlertRate(scores, Values(policy, scores, hosts: 50), 300, 1.0 / 24, policy);

        double Rate(double t) => fit.BurstFactor * policy.DecisionProbability(AlertThreshold.ShareAtOrAbove(sorted, t), AlertThreshold.ShareAtOrAbove(sorted, 8 * t));
        Assert.True(Rate(fit.Threshold) <= allowed);
        float below = sorted.Last(s => s < fit.Threshold);
        Assert.True(Rate(below) > allowed, $"{below} also fits");

        // Independent windows have no bursts, and 2 of 3 reads the scores far from the extreme tail: about
        // sqrt(allowed / 2) of them are above the threshold.
        Assert.InRange(fit.BurstFactor, 1, 1.25);
        Assert.InRange(fit.WindowRate, 0.5 * Math.Sqrt(allowed / 2), 1.5 * Math.Sqrt(allowed / 2));
    }

    [Fact]
    public void AtAlertRate_OutliersInBursts_RaisesTheThresholdByTheirBurstFactor()
    {
        // The same scores twice: shuffled, and with every score above the 99th percentile repeated in three windows
        // of one host, so that each outlier is a burst the 2-of-3 rule alerts on.
        var random = new Random(9);
        float[] scores = [.. Enumerable.Range(0, 30_000).Select(_ => (float)-Math.Log(1 - random.NextDouble()))];
        float cut = scores.Order().ElementAt(29_700);
        float[] bursty = [.. scores.Where(s => s < cut).Concat(scores.Where(s => s >= cut).SelectMany(s => new[] { s, s, s }))];
        int[] hosts = new int[bursty.Length];
        var policy = AlertPolicyShape.Default;

        AlertRateFit isolated = AlertThreshold.AtAlertRate(bursty, Values(policy, [.. bursty.OrderBy(_ => random.Next())], 100), 300, 1.0 / 24, policy);
        var values = new float[bursty.Length];
        policy.PolicyValues(bursty, hosts, values);
        AlertRateFit burst = AlertThreshold.AtAlertRate(bursty, values, 300, 1.0 / 24, policy);

        Assert.True(burst.BurstFactor > 10 * isolated.BurstFactor, $"{burst.BurstFactor} against {isolated.BurstFactor}");
        Assert.True(burst.Threshold > isolated.Threshold);
    }

    [Fact]
    public void AtAlertRate_RareHugeScores_KeepsThemBelowTheImmediateMultiple()
    {
        // 1% of the windows score 100: under 2 of 3 alone they would almost never pair, but one alerts at once at 8×.
        float[] scores = [.. Enumerable.Range(0, 10_000).Select(i => i % 100 == 0 ? 100f : (i % 97) / 97f)];
        var policy = AlertPolicyShape.Default;

        AlertRateFit fit = AlertThreshold.AtAlertRate(scores, Values(policy, scores, hosts: 13), 300, 1.0 / 24, policy);

        Assert.True(8 * fit.Threshold > 100, $"{fit.Threshold}: 8× it does not clear the outliers");
        Assert.Equal(0, fit.Decisions);
    }

    [Fact]
    public void PolicyValues_TwoOfThree_IsTheHighestThresholdAtWhichTheWindowAlerts()
    {
        float[] scores = [5, 1, 4, 2, 3, 40, 1];
        int[] hosts = [0, 1, 0, 0, 0, 1, 1];
        var values = new float[scores.Length];

        AlertPolicyShape.Default.PolicyValues(scores, hosts, values);

        // Host 0: 5 alone alerts only at once (5 / 8), then 4 (of 5, 4), 2 (of 5, 4, 2), 3 (of 4, 2, 3);
        // host 1: 1 / 8, then 40 (of 1, 40: at once at 40 / 8), 1.
        Assert.Equal([0.625f, 0.125f, 4, 2, 3, 5, 1], values);
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
        Assert.Throws<ArgumentException>(() => AlertThreshold.AtAlertRate([1f], [1f], 0, 1, AlertPolicyShape.Default));

    private static float[] Values(AlertPolicyShape policy, float[] scores, int hosts)
    {
        var values = new float[scores.Length];
        policy.PolicyValues(scores, [.. Enumerable.Range(0, scores.Length).Select(i => i % hosts)], values);
        return values;
    }
}
