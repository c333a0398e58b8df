using EdgeLstm.EdgeAgent.Detection;
using EdgeLstm.Features.Decoding;

namespace EdgeLstm.EdgeAgent.Tests.Detection;

public sealed class EntityHistoryTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Append_MoreThanSteps_CopySequenceReturnsLastStepsOldestFirst()
    {
        var history = new EntityHistory(steps: 3, features: 2, capacity: 8, TimeSpan.FromMinutes(5));
        HostAddress host = HostAddress.Parse("10.0.0.1");
        EntityHistory.Entry entry = null!;
        for (int i = 1; i <= 5; i++)
        {
            entry = history.Append(host, s_start.AddSeconds(i), [i, -i]);
        }

        var sequence = new float[6];
        entry.CopySequence(sequence);

        Assert.Equal(3, entry.Filled);
        Assert.Equal([3f, -3f, 4f, -4f, 5f, -5f], sequence);
    }

    [Fact]
    public void Append_BeyondCapacity_EvictsLeastRecentlySeen()
    {
        var history = new EntityHistory(steps: 1, features: 1, capacity: 2, TimeSpan.FromMinutes(5));
        history.Append(HostAddress.Parse("10.0.0.1"), s_start, [1]);
        history.Append(HostAddress.Parse("10.0.0.2"), s_start, [1]);
        history.Append(HostAddress.Parse("10.0.0.1"), s_start.AddSeconds(1), [1]);

        history.Append(HostAddress.Parse("10.0.0.3"), s_start.AddSeconds(2), [1]);
        EntityHistory.Entry again = history.Append(HostAddress.Parse("10.0.0.2"), s_start.AddSeconds(3), [1]);

        Assert.Equal(2, history.Count);
        Assert.Equal(2, history.Evictions);
        Assert.Equal(1, again.Filled);
    }

    [Fact]
    public void Append_AfterIdleReset_StartsAgain()
    {
        var history = new EntityHistory(steps: 2, features: 1, capacity: 4, TimeSpan.FromSeconds(30));
        HostAddress host = HostAddress.Parse("fe80::1");
        history.Append(host, s_start, [1]);
        history.Append(host, s_start.AddSeconds(1), [2]);

        EntityHistory.Entry entry = history.Append(host, s_start.AddSeconds(60), [3]);

        Assert.Equal(1, entry.Filled);
        Assert.Equal(s_start.AddSeconds(60), entry.FirstSeen);
    }
}
