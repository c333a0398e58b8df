using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Policy;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeLstm.EdgeAgent.Tests.Policy;

public sealed class AlertPolicyTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(s_t0);

    [Fact]
    public void Observe_KOfNWindowsAnomalous_RaisesOnTheKthWithTheWindowSpan()
    {
        AlertPolicy policy = Create(o => { o.AnomalousWindows = 3; o.Windows = 5; });

        // anomalous, normal, anomalous, normal, anomalous: the third anomalous window within five raises.
        bool[] anomalous = [true, false, true, false, true];
        AlertDecision?[] decisions = [.. anomalous.Select((a, i) => policy.Observe(Window("10.0.0.1", i, a ? 8 : 1)))];

        Assert.All(decisions[..4], d => Assert.Null(d));
        AlertDecision decision = Assert.NotNull(decisions[4]);
        Assert.Equal(3, decision.Window.Anomalous);
        Assert.Equal(5, decision.Window.Windows);
        Assert.Equal(s_t0, decision.Window.Start);
        Assert.Equal(s_t0.AddSeconds(5), decision.Window.End);
    }

    [Fact]
    public void Observe_AnomaliesSpreadWiderThanN_NeverRaises()
    {
        AlertPolicy policy = Create(o => { o.AnomalousWindows = 2; o.Windows = 3; });

        for (int i = 0; i < 30; i++)
        {
            Assert.Null(policy.Observe(Window("10.0.0.1", i, i % 3 == 0 ? 9 : 1)));
        }
    }

    [Fact]
    public void Observe_WithinCooldown_SuppressesThenRaisesAgain()
    {
        AlertPolicy policy = Create(o => { o.AnomalousWindows = 1; o.Windows = 1; o.CooldownSeconds = 60; });

        Assert.NotNull(policy.Observe(Window("10.0.0.1", 0, 9)));
        for (int i = 1; i < 60; i++)
        {
            Assert.Null(policy.Observe(Window("10.0.0.1", i, 9)));
        }

        Assert.NotNull(policy.Observe(Window("10.0.0.1", 60, 9)));
    }

    [Fact]
    public void Observe_CooldownIsPerEntity()
    {
        AlertPolicy policy = Create(o => { o.AnomalousWindows = 1; o.Windows = 1; o.CooldownSeconds = 600; });

        Assert.NotNull(policy.Observe(Window("10.0.0.1", 0, 9)));
        Assert.NotNull(policy.Observe(Window("10.0.0.2", 1, 9)));
        Assert.Null(policy.Observe(Window("10.0.0.1", 2, 9)));
    }

    [Fact]
    public void Observe_AfterIdleGap_ForgetsHistory()
    {
        AlertPolicy policy = Create(o => { o.AnomalousWindows = 2; o.Windows = 5; o.IdleResetSeconds = 30; });

        Assert.Null(policy.Observe(Window("10.0.0.1", 0, 9)));

        Assert.Null(policy.Observe(Window("10.0.0.1", 100, 9)));
        Assert.NotNull(policy.Observe(Window("10.0.0.1", 101, 9)));
    }

    [Theory]
    [InlineData(1.2, "Low")]
    [InlineData(1.5, "Medium")]
    [InlineData(2.0, "High")]
    [InlineData(3.9, "High")]
    [InlineData(4.0, "Critical")]
    [InlineData(100.0, "Critical")]
    public void Observe_ScoreRatio_MapsToSeverity(double ratio, string expected)
    {
        AlertPolicy policy = Create(o => { o.AnomalousWindows = 1; o.Windows = 1; });

        AlertDecision decision = Assert.NotNull(policy.Observe(Window("10.0.0.1", 0, 2.5 * ratio, threshold: 2.5)));

        Assert.Equal(Enum.Parse<AlertSeverity>(expected), decision.Severity);
    }

    [Fact]
    public void Observe_FloodOfDistinctAddresses_StaysWithinTheEntityCap()
    {
        AlertPolicy policy = Create(o => o.MaxEntities = 1000);
        var random = new Random(100_000);

        for (int i = 0; i < 100_000; i++)
        {
            _ = policy.Observe(Window($"10.{i >> 16}.{(i >> 8) & 255}.{i & 255}", i, random.NextDouble() * 4));
        }

        Assert.Equal(1000, policy.TrackedEntities);
        Assert.Equal(99_000, policy.EvictedEntities);
    }

    [Fact]
    public void Observe_RecentlySeenEntity_SurvivesEviction()
    {
        AlertPolicy policy = Create(o => { o.MaxEntities = 2; o.AnomalousWindows = 2; o.Windows = 3; });

        Assert.Null(policy.Observe(Window("a", 0, 9)));
        Assert.Null(policy.Observe(Window("b", 1, 1)));
        Assert.Null(policy.Observe(Window("a", 2, 1)));
        Assert.Null(policy.Observe(Window("c", 3, 1)));

        // "b" was the least recently seen and went; "a" kept its history (anomalous, normal), so one more
        // anomalous window makes two of its last three. Had "a" been forgotten, this would be its first.
        Assert.NotNull(policy.Observe(Window("a", 4, 9)));
        Assert.Equal(1, policy.EvictedEntities);
    }

    [Theory]
    [InlineData(double.NaN, 1.0)]
    [InlineData(1.0, 0.0)]
    [InlineData(double.PositiveInfinity, 1.0)]
    public void Observe_InvalidScore_Throws(double score, double threshold)
    {
        AlertPolicy policy = Create();

        Assert.Throws<ArgumentException>(() => policy.Observe(Window("10.0.0.1", 0, score, threshold)));
    }

    [Fact]
    public void CreateAlert_Decision_BuildsUuidV7AlertWithPolicyFields()
    {
        AlertPolicy policy = Create(o => { o.AnomalousWindows = 1; o.Windows = 1; });
        WindowScore window = Window("10.0.0.9", 0, 9);
        AlertDecision decision = Assert.NotNull(policy.Observe(window));

        Alert alert = policy.CreateAlert(decision, window, "model-1", [new FeatureContribution("syn_count", 0.7)]);

        Assert.Equal(7, alert.Id.Version);
        Assert.Equal(("10.0.0.9", 9.0, 1.0, "model-1"), (alert.Entity, alert.Score, alert.Threshold, alert.ModelId));
        Assert.Equal(decision.Window, alert.Window);
        Assert.Equal(s_t0, alert.Time);
    }

    private static WindowScore Window(string entity, int second, double score, double threshold = 1.0) =>
        new(entity, s_t0.AddSeconds(second), s_t0.AddSeconds(second + 1), score, threshold);

    private AlertPolicy Create(Action<AlertPolicyOptions>? configure = null)
    {
        var options = new AlertPolicyOptions();
        configure?.Invoke(options);
        Assert.True(new AlertPolicyOptionsValidator().Validate(null, options).Succeeded);
        return new AlertPolicy(Options.Create(options), _time);
    }
}
