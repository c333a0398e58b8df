using EdgeLstm.EdgeAgent.Indicator;

namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>A buzzer that records the patterns it was asked to sound.</summary>
internal sealed class RecordingBuzzer : IBuzzer
{
    public List<BuzzerPattern> Sounded { get; } = [];

    public bool Sound(BuzzerPattern pattern)
    {
        Sounded.Add(pattern);
        return true;
    }

    public void Dispose()
    {
    }
}
