using EdgeLstm.Features.Capture;
using Microsoft.Extensions.Time.Testing;

namespace EdgeLstm.Features.Tests.TestSupport;

/// <summary>A live source that plays a script: a frame, or a read timeout that first sets the clock; then the end.</summary>
internal sealed class ScriptedLiveSource(FakeTimeProvider clock, params ScriptedLiveSource.Step[] steps) : ITimedPacketSource
{
    private int _next;

    public string Name => "scripted";

    /// <summary>Gets how many steps were played when the reader asked for more.</summary>
    public int Played => _next;

    public PacketReadResult ReadPacket(out RawPacket packet)
    {
        packet = default;
        if (_next == steps.Length)
        {
            return PacketReadResult.End;
        }

        Step step = steps[_next++];
        if (step.Frame is null)
        {
            clock.SetUtcNow(DateTimeOffset.UnixEpoch.AddTicks(step.Nanoseconds / 100));
            return PacketReadResult.Timeout;
        }

        packet = new RawPacket(step.Nanoseconds, LinkType.Ethernet, step.Frame.Length, step.Frame);
        return PacketReadResult.Packet;
    }

    public bool TryReadPacket(out RawPacket packet)
    {
        PacketReadResult result;
        do
        {
            result = ReadPacket(out packet);
        }
        while (result == PacketReadResult.Timeout);

        return result == PacketReadResult.Packet;
    }

    public void Dispose()
    {
    }

    /// <summary>A frame captured at a time, or (without a frame) a read timeout at which the wall clock reads that time.</summary>
    internal sealed record Step(long Nanoseconds, byte[]? Frame);
}
