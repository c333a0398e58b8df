using EdgeLstm.Features.Decoding;

namespace EdgeLstm.Features.Windows;

/// <summary>Turns decoded packets into per-host feature vectors over fixed windows: the one code path that the
/// trainer and the agent share (schema <see cref="HostWindowFeatures.SchemaName"/>).</summary>
/// <remarks>
/// <para>Feed packets in capture order with <see cref="Process"/>; when a packet belongs to a later window
/// than the current one, every entity seen in the current window gets a completed row, to be taken with
/// <see cref="TryReadWindow"/> in first-seen order. Call <see cref="Flush"/> at the end of the input, and on a live
/// source <see cref="CloseWindowsEndedBy"/> when the wall clock has passed the current window's end.
/// Windows are aligned to multiples of the window length since the Unix epoch, so the rows depend only on
/// the packets, never on how they were batched. An entity with no packet in a window gets no row.</para>
/// <para>A packet updates its source (as sent) and its destination (as received); an end that is multicast, broadcast,
/// unspecified or in an ignored network is not tracked (<see cref="AddressesFiltered"/>). A packet older than
/// its predecessor is counted in <see cref="OutOfOrderPackets"/> and treated as arriving at the
/// predecessor's time. Hosts are tracked in a <see cref="HostTable"/> of at most <see cref="WindowFeatureOptions.MaxHosts"/>
/// hosts whose admission keeps hosts with history through a flood; a host it cannot admit is credited to an aggregate
/// entity (<c>untracked-&gt;PEER</c> or <c>untracked-&gt;*</c>, <see cref="PacketsAggregated"/>), so no packet is lost
/// and no open window is dropped. Per packet the work is O(1) and allocates nothing once the row buffer has grown.
/// Not thread-safe.</para>
/// </remarks>
public sealed class WindowFeatureExtractor
{
    private const int NotTracked = -1;

    private readonly long _windowNanoseconds;
    private readonly int _featureCount;
    private readonly AddressFilter _filter;
    private readonly HostTable _table;
    private readonly WindowAccumulator _accumulator;
    private readonly CompletedRows _rows;
    private long _currentWindow;
    private bool _started;
    private long _lastTimestamp;

    /// <summary>Initializes an extractor.</summary>
    /// <param name="options">The window length, host cap and address filters; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public WindowFeatureExtractor(WindowFeatureOptions? options = null)
    {
        options ??= new WindowFeatureOptions();
        options.Validate();
        _windowNanoseconds = options.Window.Ticks * 100;
        Schema = HostWindowFeatures.CreateSchema(options.Window);
        _featureCount = Schema.FeatureCount;
        _filter = new AddressFilter(options);
        _table = new HostTable(options.MaxHosts, options.MaxAggregates);
        _accumulator = new WindowAccumulator(_table.Capacity);
        _rows = new CompletedRows(_featureCount);
    }

    /// <summary>Gets the schema of the rows this extractor produces.</summary>
    public FeatureSchema Schema { get; }

    /// <summary>Gets the number of packets given to <see cref="Process"/>.</summary>
    public long PacketsProcessed { get; private set; }

    /// <summary>Gets the number of packets ignored because they carry no IP or ARP addresses.</summary>
    public long PacketsWithoutAddresses { get; private set; }

    /// <summary>Gets the number of packets whose timestamp was earlier than their predecessor's, or inside a window
    /// already closed by <see cref="CloseWindowsEndedBy"/>.</summary>
    public long OutOfOrderPackets { get; private set; }

    /// <summary>Gets the number of packet ends not tracked because the address is multicast, broadcast, unspecified or in
    /// an ignored network (<see cref="WindowFeatureOptions"/>).</summary>
    public long AddressesFiltered { get; private set; }

    /// <summary>Gets the number of hosts tracked now (aggregates not included).</summary>
    public int HostsTracked => _table.HostsTracked;

    /// <summary>Gets the number of tracked hosts seen in two windows or more, which a flood of new hosts cannot evict.</summary>
    public int HostsWithHistory => _table.ProtectedHosts;

    /// <summary>Gets the number of aggregates of untracked peers (<c>untracked-&gt;PEER</c>) tracked now.</summary>
    public int AggregatesTracked => _table.AggregatesTracked;

    /// <summary>Gets the number of idle hosts evicted to admit new ones (their windows were complete: nothing was lost
    /// but their damped history).</summary>
    public long HostsEvicted => _table.HostsEvicted;

    /// <summary>Gets the number of evicted hosts that had been seen in two windows or more.</summary>
    public long HostsWithHistoryEvicted => _table.HostsWithHistoryEvicted;

    /// <summary>Gets the number of packet ends credited to an aggregate because their host could not be admitted.</summary>
    public long PacketsAggregated { get; private set; }

    /// <summary>Gets the number of those credited to <c>untracked-&gt;*</c>, because no per-peer aggregate could take them.</summary>
    public long PacketsToOverflow { get; private set; }

    /// <summary>Gets the number of idle aggregates evicted to make room for new ones.</summary>
    public long AggregatesEvicted => _table.AggregatesEvicted;

    /// <summary>Gets the number of rows completed so far.</summary>
    public long WindowsCompleted { get; private set; }

    /// <summary>Gets the number of completed rows not yet taken with <see cref="TryReadWindow"/>.</summary>
    public int PendingWindows => _rows.Pending;

    /// <summary>Gets the time the last processed packet was placed at: its timestamp, or its predecessor's when it was out
    /// of order (the window holding this time is the one it was credited to).</summary>
    public long LastTimestampNanoseconds => _lastTimestamp;

    /// <summary>Gets the entity the last processed packet was credited to as sent, or <see langword="null"/> when its source
    /// was not tracked (no address, or filtered).</summary>
    public HostAddress? LastSourceEntity { get; private set; }

    /// <summary>Gets the entity the last processed packet was credited to as received, or <see langword="null"/> when its
    /// destination was not tracked (no address, filtered, or the source itself).</summary>
    public HostAddress? LastDestinationEntity { get; private set; }

    /// <summary>Adds one decoded packet.</summary>
    /// <param name="packet">A packet that decoded with <see cref="DecodeStatus.Ok"/>.</param>
    /// <returns><see langword="true"/> when completed rows are waiting to be read.</returns>
    public bool Process(in DecodedPacket packet)
    {
        PacketsProcessed++;
        long timestamp = packet.TimestampNanoseconds;
        long window = FloorDivide(timestamp, _windowNanoseconds);
        if (!_started)
        {
            _started = true;
            _currentWindow = window;
        }
        else if (window > _currentWindow)
        {
            CloseWindow();
            _currentWindow = window;
        }
        else if (timestamp < _lastTimestamp)
        {
            OutOfOrderPackets++;
            timestamp = _lastTimestamp;
        }

        _lastTimestamp = timestamp;
        LastSourceEntity = LastDestinationEntity = null;
        if (!packet.HasAddresses)
        {
            PacketsWithoutAddresses++;
            return PendingWindows > 0;
        }

        // Both ends are looked up before either is aggregated: an unadmitted end is aggregated by its peer only when
        // the peer is a tracked host.
        bool toSelf = packet.Destination == packet.Source;
        int source = TryTrack(packet.Source);
        int destination = toSelf ? NotTracked : TryTrack(packet.Destination);
        source = source == int.MinValue ? Aggregate(destination, packet.Destination) : source;
        destination = destination == int.MinValue ? Aggregate(source, packet.Source) : destination;
        if (source >= 0)
        {
            _accumulator.Add(source, packet, timestamp, outbound: true, packet.Destination);
            LastSourceEntity = _table.KeyOf(source);
        }

        if (destination >= 0)
        {
            _accumulator.Add(destination, packet, timestamp, outbound: false, packet.Source);
            LastDestinationEntity = _table.KeyOf(destination);
        }

        return PendingWindows > 0;
    }

    /// <summary>Completes the current window, so that its rows can be read; call at the end of the input.</summary>
    /// <returns><see langword="true"/> when completed rows are waiting to be read.</returns>
    public bool Flush()
    {
        CloseWindow();
        return PendingWindows > 0;
    }

    /// <summary>Completes the current window if it ended at or before <paramref name="nowNanoseconds"/>, so that a live
    /// source's rows do not wait for the next packet on a quiet link.</summary>
    /// <param name="nowNanoseconds">The wall-clock time, in nanoseconds since the Unix epoch (the clock of packet timestamps).</param>
    /// <returns><see langword="true"/> when completed rows are waiting to be read.</returns>
    /// <remarks>A packet that arrives later with a timestamp inside the closed window is counted in
    /// <see cref="OutOfOrderPackets"/> and goes to the next window, so no entity gets two rows for one window.</remarks>
    public bool CloseWindowsEndedBy(long nowNanoseconds)
    {
        long end = (_currentWindow + 1) * _windowNanoseconds;

        // Without open windows there is nothing to close, and a late packet may still join the current one.
        if (_accumulator.ActiveCount == 0 || end > nowNanoseconds)
        {
            return PendingWindows > 0;
        }

        CloseWindow();
        _currentWindow++;
        _lastTimestamp = Math.Max(_lastTimestamp, end);
        return PendingWindows > 0;
    }

    /// <summary>Takes the oldest completed row.</summary>
    /// <param name="destination">Receives the features; at least <see cref="FeatureSchema.FeatureCount"/> long.</param>
    /// <param name="entity">The host or aggregate the row describes.</param>
    /// <param name="windowStartNanoseconds">The window's start, in nanoseconds since the Unix epoch.</param>
    /// <returns><see langword="true"/> when a row was taken; <see langword="false"/> when none is waiting.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public bool TryReadWindow(Span<float> destination, out HostAddress entity, out long windowStartNanoseconds)
    {
        if (destination.Length < _featureCount)
        {
            throw new ArgumentException($"The destination must hold {_featureCount} features.", nameof(destination));
        }

        return _rows.TryRead(destination, out entity, out windowStartNanoseconds);
    }

    /// <summary>Takes the oldest completed row as a new <see cref="FeatureRow"/> (allocates; for offline use).</summary>
    /// <param name="row">The row, when the method returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> when a row was taken.</returns>
    public bool TryReadRow([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FeatureRow? row)
    {
        if (PendingWindows == 0)
        {
            row = null;
            return false;
        }

        float[] features = new float[_featureCount];
        if (TryReadWindow(features, out HostAddress entity, out long start))
        {
            row = new FeatureRow(entity, start, features);
            return true;
        }

        row = null;
        return false;
    }

    private static long FloorDivide(long value, long divisor)
    {
        long quotient = Math.DivRem(value, divisor, out long remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    /// <summary>Returns the slot of a tracked end, <see cref="NotTracked"/> for a filtered one, or
    /// <see cref="int.MinValue"/> for one the table could not admit.</summary>
    private int TryTrack(HostAddress address)
    {
        if (!_filter.Tracks(address))
        {
            AddressesFiltered++;
            return NotTracked;
        }

        int slot = _table.TryTrack(address, _currentWindow, out bool admitted);
        if (admitted)
        {
            _accumulator.Reset(slot);
        }

        return slot >= 0 ? slot : int.MinValue;
    }

    private int Aggregate(int peerSlot, HostAddress peer)
    {
        PacketsAggregated++;
        bool admitted = false;
        int slot = peerSlot >= 0 && _table.IsHost(peerSlot)
            ? _table.TrackAggregate(peer, _currentWindow, out admitted)
            : _table.OverflowSlot;
        if (admitted)
        {
            _accumulator.Reset(slot);
        }

        PacketsToOverflow += slot == _table.OverflowSlot ? 1 : 0;
        return slot;
    }

    private void CloseWindow()
    {
        long start = _currentWindow * _windowNanoseconds;
        WindowsCompleted += _accumulator.ActiveCount;
        _accumulator.CompleteWindow(start, start + _windowNanoseconds, _table, _rows);
    }
}
