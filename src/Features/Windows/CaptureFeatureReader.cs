using EdgeLstm.Features.Capture;
using EdgeLstm.Features.Decoding;

namespace EdgeLstm.Features.Windows;

/// <summary>Reads a packet source through the decoder and the window extractor: captures in, feature rows
/// out, with the counters of each stage for reports.</summary>
/// <example>
/// <code>
/// using var reader = CaptureFeatureReader.Open("capture.pcapng");
/// foreach (FeatureRow row in reader.ReadRows()) { ... }
/// Console.WriteLine($"{reader.Decoder.TotalPackets} packets, {reader.Extractor.WindowsCompleted} rows");
/// </code>
/// </example>
public sealed class CaptureFeatureReader : IDisposable
{
    private readonly IPacketSource _source;
    private readonly ITimedPacketSource? _timedSource;
    private readonly TimeProvider? _wallClock;

    /// <summary>Initializes a reader over a packet source, which it owns.</summary>
    /// <param name="source">The packets.</param>
    /// <param name="options">The window options; defaults when <see langword="null"/>.</param>
    public CaptureFeatureReader(IPacketSource source, WindowFeatureOptions? options = null)
        : this(source, options, wallClock: null)
    {
    }

    /// <summary>Initializes a reader over a packet source, which it owns, that closes windows by the wall clock on a live source.</summary>
    /// <param name="source">The packets.</param>
    /// <param name="options">The window options; defaults when <see langword="null"/>.</param>
    /// <param name="wallClock">When set and <paramref name="source"/> is an <see cref="ITimedPacketSource"/> (a live
    /// capture), each read timeout completes the windows that ended by this clock's time, so a window's rows come when
    /// it ends rather than with the next packet; <see langword="null"/> for captures replayed from files.</param>
    public CaptureFeatureReader(IPacketSource source, WindowFeatureOptions? options, TimeProvider? wallClock)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        Extractor = new WindowFeatureExtractor(options);
        _wallClock = wallClock;
        _timedSource = wallClock is null ? null : source as ITimedPacketSource;
    }

    /// <summary>Gets the decoder, whose counters say how many packets were skipped and why.</summary>
    public PacketDecoder Decoder { get; } = new();

    /// <summary>Gets the extractor, whose counters report evictions, aggregated and filtered packets and out-of-order packets.</summary>
    public WindowFeatureExtractor Extractor { get; }

    /// <summary>Gets the schema of the rows.</summary>
    public FeatureSchema Schema => Extractor.Schema;

    /// <summary>Gets or sets the sink told, for every packet read, which entities it was credited to; null for none.</summary>
    public IPacketAttributionSink? Attribution { get; set; }

    /// <summary>Opens a pcap or pcapng file (optionally gzip-compressed).</summary>
    /// <param name="path">The capture file.</param>
    /// <param name="options">The window options; defaults when <see langword="null"/>.</param>
    /// <returns>A reader the caller disposes.</returns>
    /// <exception cref="CaptureFormatException">The file is not a valid capture.</exception>
    public static CaptureFeatureReader Open(string path, WindowFeatureOptions? options = null) =>
        new(CaptureFile.Open(path), options);

    /// <summary>Reads every feature row of a capture file: the one call that turns a capture into rows.</summary>
    /// <param name="path">The capture file.</param>
    /// <param name="options">The window options; defaults when <see langword="null"/>.</param>
    /// <returns>The rows in window order, then first-seen host order within a window.</returns>
    /// <exception cref="CaptureFormatException">The file is not a valid capture.</exception>
    public static IReadOnlyList<FeatureRow> ReadFile(string path, WindowFeatureOptions? options = null)
    {
        using CaptureFeatureReader reader = Open(path, options);
        return [.. reader.ReadRows()];
    }

    /// <summary>Reads the source to its end, yielding each completed row; the last window is flushed at the end.</summary>
    /// <returns>The rows, lazily.</returns>
    /// <exception cref="CaptureFormatException">The source's data is corrupt.</exception>
    public IEnumerable<FeatureRow> ReadRows()
    {
        bool more = true;
        while (more)
        {
            more = ReadUntilRows();
            if (!more)
            {
                Extractor.Flush();
            }

            while (Extractor.TryReadRow(out FeatureRow? row))
            {
                yield return row;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _source.Dispose();

    /// <summary>Reads packets until rows are waiting; returns <see langword="false"/> at the end of the source.</summary>
    private bool ReadUntilRows()
    {
        if (_timedSource is not null)
        {
            return ReadUntilRowsOrWindowEnd(_timedSource, _wallClock!);
        }

        while (_source.TryReadPacket(out RawPacket raw))
        {
            if (Process(raw))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Decodes and adds one packet; returns whether rows are waiting.</summary>
    private bool Process(in RawPacket raw)
    {
        bool decoded = Decoder.Decode(raw, out DecodedPacket packet) == DecodeStatus.Ok;
        bool rows = decoded && Extractor.Process(packet);
        Attribution?.OnPacket(decoded ? Extractor.LastTimestampNanoseconds : raw.TimestampNanoseconds, decoded ? Extractor.LastSourceEntity : null, decoded ? Extractor.LastDestinationEntity : null);
        return rows;
    }

    /// <summary>As <see cref="ReadUntilRows"/>, and also returns when a read timeout finds the current window ended by the wall clock.</summary>
    private bool ReadUntilRowsOrWindowEnd(ITimedPacketSource source, TimeProvider wallClock)
    {
        while (true)
        {
            switch (source.ReadPacket(out RawPacket raw))
            {
                case PacketReadResult.Packet:
                    if (Process(raw))
                    {
                        return true;
                    }

                    break;
                case PacketReadResult.Timeout:
                    long now = (wallClock.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
                    if (Extractor.CloseWindowsEndedBy(now))
                    {
                        return true;
                    }

                    break;
                default:
                    return false;
            }
        }
    }
}
