using EdgeLstm.EdgeAgent.Indicator;

namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>An output line that records each write with the fake clock's time.</summary>
internal sealed class FakeOutputLine(TimeProvider time) : IOutputLine
{
    private readonly DateTimeOffset _start = time.GetUtcNow();

    public List<(TimeSpan At, bool High)> Writes { get; } = [];

    public bool High { get; private set; }

    public bool Disposed { get; private set; }

    public void Set(bool high)
    {
        High = high;
        Writes.Add((time.GetUtcNow() - _start, high));
    }

    public void Dispose()
    {
        Set(false);
        Disposed = true;
    }
}
