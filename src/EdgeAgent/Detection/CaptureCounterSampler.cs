using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.Features.Capture;
using EdgeLstm.Features.Windows;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Copies the capture side's cumulative counters (undecodable packets, libpcap's drops) into the agent's
/// counters, reading libpcap's statistics at most once a second because each read is a system call.</summary>
internal sealed class CaptureCounterSampler
{
    private const long LibpcapSampleMilliseconds = 1000;

    private readonly CaptureFeatureReader _reader;
    private readonly LiveCaptureSource? _live;
    private readonly AgentCounters _counters;
    private long? _lastLibpcapSample;

    /// <summary>Initializes a sampler of one capture.</summary>
    /// <param name="reader">The reader, whose decoder counts undecodable packets.</param>
    /// <param name="live">The live capture, for libpcap's drops; null for a replay.</param>
    /// <param name="counters">Where the totals go.</param>
    public CaptureCounterSampler(CaptureFeatureReader reader, LiveCaptureSource? live, AgentCounters counters)
    {
        _reader = reader;
        _live = live;
        _counters = counters;
    }

    /// <summary>Copies the counters; libpcap's only when a second has passed or <paramref name="force"/> is set.</summary>
    /// <param name="force">Read libpcap's statistics now (at the end of a capture).</param>
    public void Sample(bool force)
    {
        _counters.SetMalformed(_reader.Decoder.SkippedPackets);
        long now = Environment.TickCount64;
        if (_live is null || (!force && _lastLibpcapSample is long last && now - last < LibpcapSampleMilliseconds))
        {
            return;
        }

        _lastLibpcapSample = now;
        try
        {
            LiveCaptureStatistics statistics = _live.GetStatistics();
            _counters.SetLibpcapDrops(statistics.Dropped + statistics.InterfaceDropped);
        }
        catch (LiveCaptureException)
        {
            // Some links (and some libpcap builds) keep no statistics; the queue's drops are still counted.
        }
    }
}
