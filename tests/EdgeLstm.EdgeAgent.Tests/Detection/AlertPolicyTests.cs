using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Detection;

namespace EdgeLstm.EdgeAgent.Tests.Detection;

public sealed class AlertPolicyTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Observe_TwoOfThree_AlertsOnSecondAnomalousWindowWithinThree()
    {
        var policy = new AlertPolicy(2, 3, immediateMultiple: 0, TimeSpan.Zero);
        var state = default(PolicyState);

        bool[] decisions = [true, false, true, false, false, true];
        bool[] alerts = decisions.Select((anomalous, i) => Observe(policy, ref state, anomalous, s_start.AddSeconds(i))).ToArray();

        // Window 2 has anomalies at 0 and 2 within the last three; window 5 has only one (at 5) since 2 left the last three.
        Assert.Equal([false, false, true, false, false, false], alerts);
    }

    [Fact]
    public void Observe_Cooldown_SuppressesRepeatsUntilItEnds()
    {
        var policy = new AlertPolicy(1, 1, immediateMultiple: 0, TimeSpan.FromSeconds(10));
        var state = default(PolicyState);

        Assert.True(Observe(policy, ref state, true, s_start));
        Assert.False(Observe(policy, ref state, true, s_start.AddSeconds(9)));
        Assert.True(Observe(policy, ref state, true, s_start.AddSeconds(10)));
    }

    [Fact]
    public void Observe_NormalWindow_NeverAlerts()
    {
        var policy = new AlertPolicy(1, 4, immediateMultiple: 0, TimeSpan.Zero);
        var state = default(PolicyState);
        Observe(policy, ref state, true, s_start);

        Assert.False(Observe(policy, ref state, false, s_start.AddSeconds(1)));
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
    public void Observe_OneWindowAtTheImmediateMultiple_AlertsAtOnce()
    {
        var policy = new AlertPolicy(2, 3, immediateMultiple: 4, TimeSpan.Zero);
        var state = default(PolicyState);

        // 3.9× is anomalous but alone; 4× alerts without a second anomalous window.
        Assert.False(policy.Observe(ref state, 3.9, 1.0, s_start));
        Assert.False(policy.Observe(ref state, 0.1, 1.0, s_start.AddSeconds(1)));
        Assert.False(policy.Observe(ref state, 0.1, 1.0, s_start.AddSeconds(2)));
        Assert.False(policy.Observe(ref state, 0.1, 1.0, s_start.AddSeconds(3)));
        Assert.True(policy.Observe(ref state, 4.0, 1.0, s_start.AddSeconds(4)));
        Assert.Equal(1, AlertPolicy.AnomalousCount(state));
    }

    [Fact]
    public void Observe_ImmediateWithinCooldown_StaysQuiet()
    {
        var policy = new AlertPolicy(2, 3, immediateMultiple: 4, TimeSpan.FromSeconds(60));
        var state = default(PolicyState);

        Assert.True(policy.Observe(ref state, 10, 1.0, s_start));
        Assert.False(policy.Observe(ref state, 10, 1.0, s_start.AddSeconds(30)));
    }

    [Fact]
    public void Constructor_DefaultOptions_TwoOfThreeWithImmediateAlerts()
    {
        var policy = new AlertPolicy(new DetectionOptions { CooldownSeconds = 0 });
        var state = default(PolicyState);

        // The default alerts on the second anomalous window of three, and at once on a window far above the threshold.
        Assert.False(policy.Observe(ref state, 1.5, 1.0, s_start));
        Assert.True(policy.Observe(ref state, 1.5, 1.0, s_start.AddSeconds(1)));
        var fresh = default(PolicyState);
        Assert.True(policy.Observe(ref fresh, new DetectionOptions().ImmediateMultiple, 1.0, s_start));
    }

    [Fact]
    public void Constructor_KAboveN_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => new AlertPolicy(3, 2, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_ImmediateMultipleBelowOneOrNotFinite_Throws(double multiple) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlertPolicy(2, 3, multiple, TimeSpan.Zero));

    // A window at 2× (anomalous) or 0.5× (normal) the threshold, below any immediate multiple used here.
    private static bool Observe(AlertPolicy policy, ref PolicyState state, bool anomalous, DateTimeOffset time) =>
        policy.Observe(ref state, anomalous ? 2.0 : 0.5, 1.0, time);
}
