using System.Text.Json;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Detection;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using EdgeLstm.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeLstm.EdgeAgent.Tests.Detection;

public sealed class SiteLearningTests : IDisposable
{
    private const double ModelThreshold = 0.5;
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly SequenceModel<float> _model = TestModels.Create(ModelThreshold);

    public void Dispose() => _directory.Dispose();

    private (SiteLearning Learning, AgentStatus Status) Create(double hours = 1, double targetFpr = 0.01)
    {
        var options = new DetectionOptions { LearningHours = hours, LearningTargetFpr = targetFpr, LearningDirectory = _directory.Path, MaxEntities = 64 };
        var status = new AgentStatus(Options.Create(new AgentOptions { DeviceId = "test" }), _time);
        return (new SiteLearning(options, status, _time, NullLogger.Instance), status);
    }

    // Scores 0.000, 0.001, … 1.999 over the given time, one every few seconds, in a shuffled but fixed order.
    private void Feed(SiteLearning learning, int count, TimeSpan over, List<bool>? allowed = null)
    {
        var random = new Random(5);
        int[] order = [.. Enumerable.Range(0, count).OrderBy(_ => random.Next())];
        TimeSpan step = over / count;
        foreach (int i in order)
        {
            _time.Advance(step);
            bool may = learning.Observe(i * 0.001, 0, 0);
            allowed?.Add(may);
        }
    }

    [Fact]
    public void Bind_LearningOff_UsesTheModelThresholdAndAlerts()
    {
        (SiteLearning learning, AgentStatus status) = Create(hours: 0);

        learning.Bind(_model);

        Assert.False(learning.Learning);
        Assert.True(learning.Observe(99, 0, 0));
        Assert.Equal(ModelThreshold, learning.Threshold);
        Assert.Equal(ThresholdState.Model, status.Threshold!.State);
        Assert.Empty(Directory.GetFiles(_directory.Path));
    }

    [Fact]
    public void Observe_DuringLearning_NothingMayAlertUntilTheEndThenTheQuantileIsTheThreshold()
    {
        (SiteLearning learning, AgentStatus status) = Create(hours: 1, targetFpr: 0.01);
        learning.Bind(_model);
        var allowed = new List<bool>();

        Feed(learning, 2000, TimeSpan.FromMinutes(59), allowed);
        Assert.True(learning.Learning);
        Assert.Equal(ThresholdState.Learning, status.Threshold!.State);
        _time.Advance(TimeSpan.FromMinutes(2));
        bool lastMay = learning.Observe(0.5, 0, 0);

        // 2,001 scores, 1% may be at or above: the 20 highest (1.980 … 1.999) are; the threshold sits just above 1.979 (as a float).
        Assert.All(allowed, Assert.False);
        Assert.False(lastMay);
        Assert.False(learning.Learning);
        Assert.InRange(learning.Threshold, 1.9789, 1.9801);
        Assert.True(learning.Observe(1.99, 0, 0));
        Assert.Equal((ThresholdState.Learnt, 2001L), (status.Threshold!.State, status.Threshold.Windows));
        Assert.Equal(learning.Threshold, status.Threshold.Value);
    }

    [Fact]
    public void Bind_AfterRestartOnceLearnt_KeepsTheThresholdWithoutLearning()
    {
        (SiteLearning first, _) = Create();
        first.Bind(_model);
        Feed(first, 2000, TimeSpan.FromMinutes(61));
        Assert.False(first.Learning);

        (SiteLearning restarted, AgentStatus status) = Create();
        restarted.Bind(_model);

        Assert.False(restarted.Learning);
        Assert.Equal(first.Threshold, restarted.Threshold);
        Assert.Equal(ThresholdState.Learnt, status.Threshold!.State);
        Assert.Contains("\"threshold\":{\"state\":\"learnt\"", System.Text.Encoding.UTF8.GetString(status.CreateOnlinePayload()), StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_AfterRestartMidLearning_ContinuesToTheSameEndWithTheSavedScores()
    {
        (SiteLearning first, _) = Create();
        first.Bind(_model);

        // 45 minutes of scores, saved every 10 minutes: the save at 40 minutes holds about 1,780 of the 2,000.
        Feed(first, 2000, TimeSpan.FromMinutes(45));
        (SiteLearning restarted, AgentStatus status) = Create();
        restarted.Bind(_model);
        Assert.True(restarted.Learning);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), status.Threshold!.LearningEnds);
        _time.Advance(TimeSpan.FromMinutes(15));
        restarted.Observe(0, 0, 0);

        Assert.False(restarted.Learning);
        Assert.InRange(status.Threshold!.Windows!.Value, 1700, 1900);
    }

    [Fact]
    public void Observe_TooFewWindowsAtTheEnd_LearningGoesOnUntilTheMinimum()
    {
        (SiteLearning learning, _) = Create();
        learning.Bind(_model);

        Feed(learning, SiteLearning.MinimumWindows - 1, TimeSpan.FromHours(2));
        Assert.True(learning.Learning);
        learning.Observe(0, 0, 0);

        Assert.False(learning.Learning);
    }

    [Fact]
    public void Bind_AnotherModel_LearnsAgainInItsOwnFile()
    {
        (SiteLearning learning, _) = Create();
        learning.Bind(_model);
        Feed(learning, 2000, TimeSpan.FromMinutes(61));
        Assert.False(learning.Learning);

        SequenceModel<float> other = TestModels.Create(threshold: 0.7);
        learning.Bind(other);

        Assert.True(learning.Learning);
        Assert.Equal(0.7, learning.Threshold);
        Assert.Equal(2, Directory.GetFiles(_directory.Path, "*.json").Length);
        Assert.True(File.Exists(Path.Combine(_directory.Path, SiteLearning.KeyOf(other) + ".json")));
    }

    [Fact]
    public void Bind_OtherTargetRate_LearnsAgain()
    {
        (SiteLearning learning, _) = Create(targetFpr: 0.01);
        learning.Bind(_model);
        Feed(learning, 2000, TimeSpan.FromMinutes(61));

        (SiteLearning stricter, _) = Create(targetFpr: 0.001);
        stricter.Bind(_model);

        Assert.True(stricter.Learning);
    }

    [Fact]
    public void Bind_TornStateFile_StartsLearningOver()
    {
        (SiteLearning learning, AgentStatus status) = Create();
        File.WriteAllText(Path.Combine(_directory.Path, SiteLearning.KeyOf(_model) + ".json"), "{\"model\":");

        learning.Bind(_model);

        Assert.True(learning.Learning);
        Assert.Equal(_time.GetUtcNow().AddHours(1), status.Threshold!.LearningEnds);
        using JsonDocument saved = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_directory.Path, SiteLearning.KeyOf(_model) + ".json")));
        Assert.Equal(SiteLearning.KeyOf(_model), saved.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public void Observe_DefaultTarget_FitsForAlertsPerHostDayAsCalibrateDoes()
    {
        // 10 hosts, one window a second each until learning ends after an hour, scores drawn independently: 36,000
        // windows over 10 host-hours, fewer than the reservoir holds, so it keeps every one.
        (SiteLearning learning, AgentStatus status) = Create(hours: 1, targetFpr: 0);
        learning.Bind(_model);
        var random = new Random(21);
        var scores = new List<float>();
        var hosts = new List<int>();
        var seconds = new List<int>();
        for (int second = 0; second < 70 * 60 && learning.Learning; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            for (int host = 0; host < 10 && learning.Learning; host++)
            {
                float score = (float)-Math.Log(1 - random.NextDouble());
                learning.Observe(score, host, second);
                scores.Add(score);
                hosts.Add(host);
                seconds.Add(second);
            }
        }

        Assert.False(learning.Learning);
        double hostHours = Enumerable.Range(0, 10).Sum(h => Enumerable.Range(0, scores.Count).Where(i => hosts[i] == h).Select(i => seconds[i]).Max() + 1) / 3600.0;
        var values = new float[scores.Count];
        AlertPolicyShape.Default.PolicyValues([.. scores], [.. hosts], values);
        AlertRateFit expected = AlertThreshold.AtAlertRate([.. scores], values, scores.Count / hostHours, 1.0 / 24, AlertPolicyShape.Default);
        Assert.Equal(expected.Threshold, learning.Threshold);
        Assert.Equal(ThresholdState.Learnt, status.Threshold!.State);
        Assert.InRange(status.Threshold.TargetFpr!.Value, 0.001, 0.01);
    }

    [Fact]
    public void Bind_AfterRestartMidLearningForAlerts_KeepsTheHostTimeAndPolicyValues()
    {
        (SiteLearning first, _) = Create(targetFpr: 0);
        first.Bind(_model);
        for (int second = 0; second < 15 * 60; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            first.Observe(second % 7, second % 3, second);
        }

        using JsonDocument saved = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_directory.Path, SiteLearning.KeyOf(_model) + ".json")));

        // Saved at 10 minutes: 600 windows of 3 hosts, each on the network from its first window to its last.
        Assert.Equal(600, saved.RootElement.GetProperty("windows").GetInt64());
        Assert.Equal(600, saved.RootElement.GetProperty("policyValues").GetArrayLength());
        Assert.InRange(saved.RootElement.GetProperty("hostSeconds").GetDouble(), 3 * 596, 3 * 601);
        (SiteLearning restarted, _) = Create(targetFpr: 0);
        restarted.Bind(_model);
        Assert.True(restarted.Learning);
    }
}
