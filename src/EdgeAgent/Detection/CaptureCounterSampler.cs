using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.Features.Capture;
using EdgeLstm.Features.Windows;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Copies the capture side's cumulative counters (undecodable packets, the host table's evictions, aggregated
/// and filtered packets, libpcap's drops) into the agent's
/// counters at most once a second: the metrics topic reports them far less often, and each read of libpcap's
/// statistics is a system call.</summary>
internal sealed class CaptureCounterSampler
{
    private const long SampleMilliseconds = 1000;

    private readonly CaptureFeatureReader _reader;
    private readonly LiveCaptureSource? _live;
    private readonly AgentCounters _counters;
    private long? _lastSample;

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

    /// <summary>Copies the counters when a second has passed since the last copy, or when <paramref name="force"/> is set.</summary>
    /// <param name="force">Copy now (at the end of a capture).</param>
    public void Sample(bool force)
    {
        long now = Environment.TickCount64;
        if (!force && _lastSample is long last && now - last < SampleMilliseconds)
        {
            return;
        }

        _lastSample = now;
        _counters.SetMalformed(_reader.Decoder.SkippedPackets);
        _counters.SetHostTable(_reader.Extractor);
        if (_live is null)
        {
            return;
        }

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
