using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Detection;

namespace EdgeLstm.EdgeAgent.Tests.Detection;

public sealed class AlertPolicyTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Observe_TwoOfThree_AlertsOnSecondAnomalousWindowWithinThree()
    {
        var policy = new AlertPolicy(2, 3, TimeSpan.Zero);
        var state = default(PolicyState);

        bool[] decisions = [true, false, true, false, false, true];
        bool[] alerts = decisions.Select((anomalous, i) => policy.Observe(ref state, anomalous, s_start.AddSeconds(i))).ToArray();

        // Window 2 has anomalies at 0 and 2 within the last three; window 5 has only one (at 5) since 2 left the last three.
        Assert.Equal([false, false, true, false, false, false], alerts);
    }

    [Fact]
    public void Observe_Cooldown_SuppressesRepeatsUntilItEnds()
    {
        var policy = new AlertPolicy(1, 1, TimeSpan.FromSeconds(10));
        var state = default(PolicyState);

        Assert.True(policy.Observe(ref state, true, s_start));
        Assert.False(policy.Observe(ref state, true, s_start.AddSeconds(9)));
        Assert.True(policy.Observe(ref state, true, s_start.AddSeconds(10)));
    }

    [Fact]
    public void Observe_NormalWindow_NeverAlerts()
    {
        var policy = new AlertPolicy(1, 4, TimeSpan.Zero);
        var state = default(PolicyState);
        policy.Observe(ref state, true, s_start);

        Assert.False(policy.Observe(ref state, false, s_start.AddSeconds(1)));
        Assert.Equal(1, AlertPolicy.AnomalousCount(state));
    }

    [Theory]
    [InlineData(1.0, "Low")]
    [InlineData(2.5, "Medium")]
    [InlineData(5.0, "High")]
    [InlineData(20.0, "Critical")]
    public void Severity_ScoreOverThreshold_GrowsWithRatio(double ratio, string expected) =>
        Assert.Equal(Enum.Parse<AlertSeverity>(expected), AlertPolicy.Severity(ratio * 0.5, 0.5));

    [Fact]
    public void Constructor_KAboveN_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => new AlertPolicy(3, 2, TimeSpan.Zero));
}
