using EdgeLstm.EdgeAgent.Indicator;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace EdgeLstm.EdgeAgent.Tests.Indicator;

public sealed class GpioBuzzerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeOutputLine _line;
    private readonly GpioBuzzer _buzzer;

    public GpioBuzzerTests()
    {
        _line = new FakeOutputLine(_time);
        _buzzer = new GpioBuzzer(_line, _time);
    }

    public void Dispose() => _buzzer.Dispose();

    public static TheoryData<string> Patterns => ["alert", "fault"];

    [Theory]
    [MemberData(nameof(Patterns))]
    public void Sound_Pattern_DrivesTheLineStepByStepAndEndsSilent(string name)
    {
        BuzzerPattern pattern = name == "alert" ? BuzzerPattern.Alert : BuzzerPattern.Fault;

        Assert.True(_buzzer.Sound(pattern));
        PlayThrough(pattern);

        // Expected: high at 0, then a toggle at the end of each step, the last one low.
        var expected = new List<(TimeSpan, bool)> { (TimeSpan.Zero, true) };
        TimeSpan at = TimeSpan.Zero;
        for (int i = 0; i < pattern.Steps.Count; i++)
        {
            at += pattern.Steps[i];
            expected.Add((at, i + 1 < pattern.Steps.Count && (i + 1) % 2 == 0));
        }

        Assert.Equal(expected, _line.Writes);
        Assert.False(_line.High);
    }

    [Fact]
    public void Sound_PatternEnded_WritesNothingMore()
    {
        _buzzer.Sound(BuzzerPattern.Alert);
        PlayThrough(BuzzerPattern.Alert);
        int writes = _line.Writes.Count;

        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(writes, _line.Writes.Count);
    }

    [Fact]
    public void Sound_WhileAnotherSounds_IsRefusedAndDoesNotExtendIt()
    {
        Assert.True(_buzzer.Sound(BuzzerPattern.Fault));
        _time.Advance(TimeSpan.FromMilliseconds(300));

        Assert.False(_buzzer.Sound(BuzzerPattern.Alert));
        _time.Advance(TimeSpan.FromMilliseconds(300));

        Assert.Equal([(TimeSpan.Zero, true), (TimeSpan.FromMilliseconds(600), false)], _line.Writes);
    }

    [Fact]
    public void Sound_AfterThePreviousEnded_SoundsAgain()
    {
        _buzzer.Sound(BuzzerPattern.Fault);
        PlayThrough(BuzzerPattern.Fault);

        Assert.True(_buzzer.Sound(BuzzerPattern.Fault));
        Assert.True(_line.High);
    }

    [Fact]
    public void Dispose_MidPattern_LeavesTheLineLowAndReleased()
    {
        _buzzer.Sound(BuzzerPattern.Fault);

        _buzzer.Dispose();
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(_line.High);
        Assert.True(_line.Disposed);
        Assert.False(_buzzer.Sound(BuzzerPattern.Alert));
    }

    [Fact]
    public void Patterns_AreBoundedToASecond()
    {
        Assert.All([BuzzerPattern.Alert, BuzzerPattern.Fault], pattern =>
            Assert.InRange(pattern.Duration, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1)));
    }

    // The fake clock fires each timer once per Advance, so a pattern is played step by step.
    private void PlayThrough(BuzzerPattern pattern)
    {
        foreach (TimeSpan step in pattern.Steps)
        {
            _time.Advance(step);
        }
    }
}
