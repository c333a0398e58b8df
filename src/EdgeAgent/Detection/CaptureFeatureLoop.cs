using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.Features.Capture;
using EdgeLstm.Features.Windows;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>The loop the packet sources share: packets through the decoder and the window extractor, each completed
/// row handed to the source's delivery rule, the capture counters copied into the agent's counters.</summary>
internal static class CaptureFeatureLoop
{
    /// <summary>Returns the schema of the per-host window rows the packet sources compute.</summary>
    public static FeatureSchema Schema(WindowFeatureOptions options) => HostWindowFeatures.CreateSchema(options.Window);

    /// <summary>Reads <paramref name="source"/> (which it then owns) to its end or until cancelled.</summary>
    /// <param name="source">The packets.</param>
    /// <param name="options">The window options.</param>
    /// <param name="wallClock">Closes windows by this clock on a live source; null for a file.</param>
    /// <param name="counters">Receives packets, undecodable packets, libpcap's drops and the host table's counts.</param>
    /// <param name="deliver">Hands one row on (waits, or drops and counts).</param>
    /// <param name="cancellationToken">Ends the loop.</param>
    public static async Task RunAsync(
        IPacketSource source,
        WindowFeatureOptions options,
        TimeProvider? wallClock,
        AgentCounters counters,
        Func<FeatureRow, CancellationToken, ValueTask> deliver,
        CancellationToken cancellationToken)
    {
        using var reader = new CaptureFeatureReader(source, options, wallClock);
        var sampler = new CaptureCounterSampler(reader, source as LiveCaptureSource, counters);
        long packetsSeen = 0;
        foreach (FeatureRow row in reader.ReadRows())
        {
            cancellationToken.ThrowIfCancellationRequested();
            counters.AddPackets(reader.Decoder.TotalPackets - packetsSeen);
            packetsSeen = reader.Decoder.TotalPackets;
            sampler.Sample(force: false);
            await deliver(row, cancellationToken).ConfigureAwait(false);
        }

        counters.AddPackets(reader.Decoder.TotalPackets - packetsSeen);
        sampler.Sample(force: true);
    }
}
