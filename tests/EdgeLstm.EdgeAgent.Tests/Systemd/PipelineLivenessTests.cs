using EdgeLstm.EdgeAgent.Systemd;
using Microsoft.Extensions.Time.Testing;

namespace EdgeLstm.EdgeAgent.Tests.Systemd;

public sealed class PipelineLivenessTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Check_WorkArrivesAfterALongIdleSpell_GetsTheWholeStallTimeout()
    {
        var liveness = new PipelineLiveness(_time);
        bool backlog = false;
        _ = liveness.Register("detection", TimeSpan.FromSeconds(30), () => backlog);

        _time.Advance(TimeSpan.FromHours(2));
        Assert.True(liveness.Check(out _));
        backlog = true;
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.True(liveness.Check(out _));
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.False(liveness.Check(out string? reason));
        Assert.Equal("the detection loop has work waiting and made no progress for 31 s", reason);
    }

    [Fact]
    public void Check_CompletedLoop_IsNoLongerAsked()
    {
        var liveness = new PipelineLiveness(_time);
        LivenessProbe probe = liveness.Register("detection", TimeSpan.FromSeconds(1), () => true);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(liveness.Check(out _));

        probe.Complete();

        Assert.True(liveness.Check(out string? reason));
        Assert.Null(reason);
    }
}
