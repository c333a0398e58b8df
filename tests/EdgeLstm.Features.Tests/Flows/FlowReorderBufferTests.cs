using EdgeLstm.Features.Decoding;
using EdgeLstm.Features.Flows;

namespace EdgeLstm.Features.Tests.Flows;

public sealed class FlowReorderBufferTests
{
    private const long Second = 1_000_000_000;

    private static FlowRecord Flow(string uid, double startSeconds) => new()
    {
        Uid = uid,
        TimestampNanoseconds = (long)(startSeconds * Second),
        OriginHost = HostAddress.Parse("10.0.0.5"),
        ResponderHost = HostAddress.Parse("10.0.0.9"),
    };

    [Fact]
    public void Add_EndOrderWithinTheHorizon_ReleasesInStartOrderOnceALaterRecordIsHorizonAhead()
    {
        var buffer = new FlowReorderBuffer(TimeSpan.FromSeconds(10));
        var released = new List<FlowRecord>();

        // Zeek's order: a 6-second connection that started at 100 is written after a short one that started at 104.
        buffer.Add(Flow("short", 104), released);
        buffer.Add(Flow("long", 100), released);
        buffer.Add(Flow("next", 109), released);
        Assert.Empty(released);
        Assert.Equal(3, buffer.Count);

        buffer.Add(Flow("later", 114.5), released);

        Assert.Equal(["long", "short"], released.Select(r => r.Uid));
        Assert.Equal(2, buffer.Count);
        Assert.Equal(0, buffer.LateRecords);
    }

    [Fact]
    public void Add_EqualStarts_KeepArrivalOrder()
    {
        var buffer = new FlowReorderBuffer(TimeSpan.FromSeconds(1));
        var released = new List<FlowRecord>();

        buffer.Add(Flow("a", 5), released);
        buffer.Add(Flow("b", 5), released);
        buffer.Add(Flow("c", 5), released);
        buffer.Add(Flow("d", 7), released);

        Assert.Equal(["a", "b", "c"], released.Select(r => r.Uid));
    }

    [Fact]
    public void Add_RecordBehindTheHorizon_LeavesAtOnceStillInOrder()
    {
        var buffer = new FlowReorderBuffer(TimeSpan.FromSeconds(10));
        var released = new List<FlowRecord>();
        buffer.Add(Flow("early", 100), released);
        buffer.Add(Flow("much later", 200), released);

        buffer.Add(Flow("long", 150), released);

        Assert.Equal(["early", "long"], released.Select(r => r.Uid));
        Assert.Equal(0, buffer.LateRecords);
    }

    [Fact]
    public void Add_RecordOlderThanOneReleased_LeavesAtOnceAndIsCountedLate()
    {
        var buffer = new FlowReorderBuffer(TimeSpan.FromSeconds(10));
        var released = new List<FlowRecord>();
        buffer.Add(Flow("a", 100), released);
        buffer.Add(Flow("b", 200), released);
        buffer.Add(Flow("c", 215), released);
        Assert.Equal(["a", "b"], released.Select(r => r.Uid));

        buffer.Add(Flow("hour-long", 150), released);

        Assert.Equal(["a", "b", "hour-long"], released.Select(r => r.Uid));
        Assert.Equal(1, buffer.LateRecords);
        Assert.Equal(1, buffer.Count);
    }

    [Fact]
    public void TakeAll_ReleasesEveryHeldRecordInStartOrder()
    {
        var buffer = new FlowReorderBuffer(TimeSpan.FromSeconds(10));
        var released = new List<FlowRecord>();
        buffer.Add(Flow("c", 3), released);
        buffer.Add(Flow("a", 1), released);
        buffer.Add(Flow("b", 2), released);

        buffer.TakeAll(released);

        Assert.Equal(["a", "b", "c"], released.Select(r => r.Uid));
        Assert.Equal(0, buffer.Count);
    }

    [Fact]
    public void Add_ZeroHorizon_PassesRecordsThroughInArrivalOrder()
    {
        var buffer = new FlowReorderBuffer(TimeSpan.Zero);
        var released = new List<FlowRecord>();

        buffer.Add(Flow("b", 2), released);
        buffer.Add(Flow("a", 1), released);

        Assert.Equal(["b", "a"], released.Select(r => r.Uid));
        Assert.Equal(0, buffer.Count);
    }

    [Fact]
    public void Constructor_NegativeHorizon_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FlowReorderBuffer(TimeSpan.FromSeconds(-1)));
    }
}
