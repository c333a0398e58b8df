using EdgeLstm.Model.Scoring;

namespace EdgeLstm.Model.Tests.Scoring;

public sealed class SilencePaddedHistoryTests
{
    // One input per step; silence is -1, so a sequence shows which rows it holds.
    private static readonly float[] s_silence = [-1];

    private static float[] Sequence(SilencePaddedHistory<string> history, int slot)
    {
        var sequence = new float[history.Steps];
        history.CopySequence(slot, sequence);
        return sequence;
    }

    [Fact]
    public void Append_FirstRowOfAHost_IsPrecededByTMinusOneSilentSteps()
    {
        var history = new SilencePaddedHistory<string>(4, s_silence, SequenceTiming.Windows(1), capacity: 8);

        int slot = history.Append("a", 100, [7], out bool started);

        Assert.True(started);
        Assert.Equal(3, history.LeadingSilence(slot));
        Assert.Equal([-1, -1, -1, 7], Sequence(history, slot));
    }

    [Fact]
    public void Append_WindowsWithoutRows_CountAsSilence()
    {
        var history = new SilencePaddedHistory<string>(4, s_silence, SequenceTiming.Windows(1), capacity: 8);
        _ = history.Append("a", 100, [1], out _);
        _ = history.Append("a", 101, [2], out _);

        int slot = history.Append("a", 103, [3], out bool started);

        Assert.False(started);
        Assert.Equal([1, 2, -1, 3], Sequence(history, slot));
        Assert.Equal(0, history.LeadingSilence(slot));
    }

    [Fact]
    public void Append_SilentForTWindows_StartsOverLikeANewHostButKeepsItsSlot()
    {
        var history = new SilencePaddedHistory<string>(3, s_silence, SequenceTiming.Windows(0.5), capacity: 8);
        _ = history.Append("a", 10, [1], out _);
        _ = history.Append("a", 10.5, [2], out _);

        int slot = history.Append("a", 12, [3], out bool started);

        Assert.False(started);
        Assert.Equal([-1, -1, 3], Sequence(history, slot));
        Assert.Equal(12, history.FirstSeenSeconds(slot));
    }

    [Fact]
    public void Append_Records_EachRowIsTheNextStepAndIdleHostsStartOver()
    {
        var history = new SilencePaddedHistory<string>(3, s_silence, SequenceTiming.Records(idleResetSeconds: 60), capacity: 8);
        _ = history.Append("a", 0, [1], out _);
        int slot = history.Append("a", 50, [2], out bool started);
        Assert.False(started);
        Assert.Equal([-1, 1, 2], Sequence(history, slot));

        slot = history.Append("a", 200, [3], out started);

        Assert.True(started);
        Assert.Equal([-1, -1, 3], Sequence(history, slot));
    }

    [Fact]
    public void Append_FloodOfOneRowHosts_KeepsEveryHostWithHistoryAndCountsEvictions()
    {
        const int Capacity = 64;
        const int Established = 16;
        var history = new SilencePaddedHistory<string>(4, s_silence, SequenceTiming.Windows(1), Capacity);
        for (int host = 0; host < Established; host++)
        {
            _ = history.Append($"host{host}", 0, [host], out _);
            _ = history.Append($"host{host}", 1, [host], out _);
        }

        for (int source = 0; source < 200_000; source++)
        {
            _ = history.Append($"spoofed{source}", 2 + (source / 10_000), [0], out _);
        }

        Assert.Equal(Capacity, history.Count);
        Assert.Equal(Established, history.ProtectedCount);
        Assert.Equal(200_000 - (Capacity - Established), history.Evictions);
        Assert.Equal(0, history.ProtectedEvictions);
        int slot = history.Append("host3", 30, [5], out bool started);
        Assert.False(started);
        Assert.Equal([-1, -1, -1, 5], Sequence(history, slot));
    }

    [Fact]
    public void Append_OnlyHostsWithHistory_EvictsTheLeastRecentlySeen()
    {
        var history = new SilencePaddedHistory<string>(2, s_silence, SequenceTiming.Windows(1), capacity: 2);
        foreach (string host in new[] { "a", "b" })
        {
            _ = history.Append(host, 0, [1], out _);
            _ = history.Append(host, 1, [2], out _);
        }

        _ = history.Append("a", 2, [3], out _);
        _ = history.Append("c", 2, [4], out bool started);

        Assert.True(started);
        Assert.Equal(1, history.ProtectedEvictions);
        _ = history.Append("a", 3, [5], out bool again);
        Assert.False(again);
    }

    [Fact]
    public void InWarmUp_HostsOfTheFirstWindows_UntilTheirSilenceIsObserved()
    {
        var history = new SilencePaddedHistory<string>(3, s_silence, SequenceTiming.Windows(1), capacity: 8);

        int early = history.Append("a", 100, [1], out _);
        Assert.True(history.InWarmUp(early));
        early = history.Append("a", 101, [2], out _);
        Assert.True(history.InWarmUp(early));
        early = history.Append("a", 102, [3], out _);
        Assert.False(history.InWarmUp(early));

        // b appears in the third window: the two windows before it were watched, so its silence is real.
        int late = history.Append("b", 102, [4], out _);
        Assert.False(history.InWarmUp(late));

        // c appears in the second window: one of its two silent steps is from before the start.
        int second = history.Append("c", 101, [5], out _);
        Assert.True(history.InWarmUp(second));
    }

    [Fact]
    public void InWarmUp_Records_IsNeverSet()
    {
        var history = new SilencePaddedHistory<string>(3, s_silence, SequenceTiming.Records(), capacity: 8);

        Assert.False(history.InWarmUp(history.Append("a", 0, [1], out _)));
    }

    [Fact]
    public void Append_WrongLength_Throws()
    {
        var history = new SilencePaddedHistory<string>(2, s_silence, SequenceTiming.Windows(1), capacity: 2);

        Assert.Throws<ArgumentException>(() => history.Append("a", 0, [1, 2], out _));
    }
}
