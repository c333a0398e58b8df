namespace EdgeLstm.Features.Flows;

/// <summary>Puts flow records back into start-time order within a bounded horizon, as a stream processor's watermark
/// does: Zeek writes a connection when it ends, so its log is in end order, while the trainer orders each host's flows
/// by start time (<c>ts</c>).</summary>
/// <remarks>A record is held until a record starting <see cref="Horizon"/> later has been seen (or
/// <see cref="TakeAll"/> flushes, when the log goes quiet); records then leave in (start time, arrival) order. A record
/// older than one already released cannot be put in place: it leaves at once and is counted as late. A zero horizon
/// passes records through in arrival order. Not thread-safe.</remarks>
public sealed class FlowReorderBuffer
{
    private readonly PriorityQueue<FlowRecord, (long Start, long Arrival)> _held = new();
    private readonly long _horizonNanoseconds;
    private long _arrivals;
    private long _newestStart = long.MinValue;
    private long _lastReleased = long.MinValue;

    /// <summary>Initializes a buffer.</summary>
    /// <param name="horizon">How much later a record must start before an earlier one is released; zero for none.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="horizon"/> is negative.</exception>
    public FlowReorderBuffer(TimeSpan horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, TimeSpan.Zero);
        Horizon = horizon;
        _horizonNanoseconds = horizon.Ticks * 100;
    }

    /// <summary>Gets how much later a record must start before an earlier one is released.</summary>
    public TimeSpan Horizon { get; }

    /// <summary>Gets the number of records held.</summary>
    public int Count => _held.Count;

    /// <summary>Gets the number of records that arrived after a later-starting one had been released.</summary>
    public long LateRecords { get; private set; }

    /// <summary>Adds a record and moves every record now due, in start-time order, to <paramref name="released"/>.</summary>
    /// <param name="record">The record, in log order.</param>
    /// <param name="released">Receives the records due (appended).</param>
    public void Add(FlowRecord record, List<FlowRecord> released)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(released);
        long start = record.TimestampNanoseconds;
        if (start < _lastReleased)
        {
            LateRecords++;
            released.Add(record);
            return;
        }

        _held.Enqueue(record, (start, _arrivals++));
        _newestStart = Math.Max(_newestStart, start);
        long due = _newestStart - _horizonNanoseconds;
        while (_held.TryPeek(out FlowRecord? oldest, out (long Start, long Arrival) key) && key.Start <= due)
        {
            _held.Dequeue();
            _lastReleased = key.Start;
            released.Add(oldest);
        }
    }

    /// <summary>Moves every held record, in start-time order, to <paramref name="released"/>.</summary>
    /// <param name="released">Receives the records (appended).</param>
    public void TakeAll(List<FlowRecord> released)
    {
        ArgumentNullException.ThrowIfNull(released);
        while (_held.TryDequeue(out FlowRecord? record, out (long Start, long Arrival) key))
        {
            _lastReleased = key.Start;
            released.Add(record);
        }
    }
}
