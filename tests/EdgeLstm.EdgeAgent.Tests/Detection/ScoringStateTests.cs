using EdgeLstm.EdgeAgent.Detection;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using EdgeLstm.Features.Decoding;
using EdgeLstm.Model.Scoring;

namespace EdgeLstm.EdgeAgent.Tests.Detection;

public sealed class ScoringStateTests
{
    private static readonly DetectionOptions s_options = new() { MaxEntities = 16 };
    private static readonly SequenceTiming s_timing = SequenceTiming.Windows(1);

    private static ScoringState WithOneHost(int steps)
    {
        var state = new ScoringState(TestModels.Create(threshold: 1, steps), null, s_options, s_timing);
        _ = state.Hosts.Score(HostAddress.Parse("10.0.0.1"), 0, state.Standardized, out _, out _);
        return state;
    }

    [Fact]
    public void Constructor_ReplacementOfTheSameShape_KeepsHostHistories()
    {
        ScoringState previous = WithOneHost(steps: 2);

        var next = new ScoringState(TestModels.Create(threshold: 5, steps: 2), previous, s_options, s_timing);

        Assert.False(next.HistoriesReset);
        Assert.Same(previous.Hosts.History, next.Hosts.History);
        Assert.Same(previous.Policies, next.Policies);
        Assert.Equal(1, next.Hosts.History.Count);
        Assert.Equal(5, next.Threshold);
    }

    [Fact]
    public void Constructor_ReplacementWithOtherSteps_StartsHistoriesOver()
    {
        ScoringState previous = WithOneHost(steps: 2);

        var next = new ScoringState(TestModels.Create(threshold: 1, steps: 3), previous, s_options, s_timing);

        Assert.True(next.HistoriesReset);
        Assert.Equal(0, next.Hosts.History.Count);
        Assert.Equal(3 * next.Standardized.Length, next.Hosts.LastSequence.Length);
    }
}
