using EdgeLstm.Features.Decoding;

namespace EdgeLstm.Features.Windows;

/// <summary>Turns decoded packets into per-host feature vectors over fixed windows: the one code path that the
/// trainer and the agent share (schema <see cref="HostWindowFeatures.SchemaName"/>).</summary>
/// <remarks>
/// <para>Feed packets in capture order with <see cref="Process"/>; when a packet belongs to a later window
/// than the current one, every host seen in the current window gets a completed row, to be taken with
/// <see cref="TryReadWindow"/> in first-seen order. Call <see cref="Flush"/> at the end of the input, and on a live
/// source <see cref="CloseWindowsEndedBy"/> when the wall clock has passed the current window's end.
/// Windows are aligned to multiples of the window length since the Unix epoch, so the rows depend only on
/// the packets, never on how they were batched. A host with no packet in a window gets no row.</para>
/// <para>A packet updates its source (as sent) and its destination (as received). A packet older than
/// its predecessor is counted in <see cref="OutOfOrderPackets"/> and treated as arriving at the
/// predecessor's time. Per packet the work is O(1) and allocates nothing once the internal buffers have
/// grown; at most <see cref="WindowFeatureOptions.MaxHosts"/> hosts are tracked, the least recently seen
/// being evicted (its open window, if any, is dropped and counted). Not thread-safe.</para>
/// </remarks>
public sealed class WindowFeatureExtractor
{
    private const int SketchesPerHost = 3;
    private const int PeerSketch = 0;
    private const int RemotePortSketch = 1;
    private const int LocalPortSketch = 2;
    private const double NanosecondsPerSecond = 1e9;

    private readonly long _windowNanoseconds;
    private readonly int _maxHosts;
    private readonly Dictionary<HostAddress, int> _slotByAddress;
    private readonly HostSlot[] _slots;
    private readonly ulong[] _sketches;
    private readonly DampedStatistic[] _damped;
    private readonly double[] _decayPerNanosecond;
    private readonly List<int> _active = [];
    private readonly int _featureCount;
    private int _slotCount;
    private int _deadActive;
    private int _newest = -1;
    private int _oldest = -1;
    private long _currentWindow;
    private bool _started;
    private long _lastTimestamp;

    private HostAddress[] _doneEntities = new HostAddress[64];
    private long[] _doneStarts = new long[64];
    private float[] _doneFeatures;
    private int _doneCount;
    private int _doneRead;

    /// <summary>Initializes an extractor.</summary>
    /// <param name="options">The window length and host cap; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public WindowFeatureExtractor(WindowFeatureOptions? options = null)
    {
        options ??= new WindowFeatureOptions();
        options.Validate();
        _windowNanoseconds = options.Window.Ticks * 100;
        _maxHosts = Math.Max(2, options.MaxHosts);
        Schema = HostWindowFeatures.CreateSchema(options.Window);
        _featureCount = Schema.FeatureCount;
        _slotByAddress = new Dictionary<HostAddress, int>(_maxHosts);
        _slots = new HostSlot[_maxHosts];
        _sketches = new ulong[_maxHosts * SketchesPerHost * LinearCounter.Words];
        int rates = HostWindowFeatures.DecayRates.Count;
        _damped = new DampedStatistic[_maxHosts * rates];
        _decayPerNanosecond = HostWindowFeatures.DecayRates.Select(rate => rate * Math.Log(2) / NanosecondsPerSecond).ToArray();
        _doneFeatures = new float[_doneEntities.Length * _featureCount];
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

    /// <summary>Gets the number of hosts tracked now.</summary>
    public int HostsTracked => _slotByAddress.Count;

    /// <summary>Gets the number of hosts evicted to respect the host cap.</summary>
    public long HostsEvicted { get; private set; }

    /// <summary>Gets the number of open host windows lost because their host was evicted.</summary>
    public long WindowsDropped { get; private set; }

    /// <summary>Gets the number of rows completed so far.</summary>
    public long WindowsCompleted { get; private set; }

    /// <summary>Gets the number of completed rows not yet taken with <see cref="TryReadWindow"/>.</summary>
    public int PendingWindows => _doneCount - _doneRead;

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
        if (!packet.HasAddresses)
        {
            PacketsWithoutAddresses++;
            return PendingWindows > 0;
        }

        int source = Touch(packet.Source);
        Update(source, packet, timestamp, outbound: true, packet.Destination);
        if (packet.Destination != packet.Source)
        {
            int destination = Touch(packet.Destination);
            Update(destination, packet, timestamp, outbound: false, packet.Source);
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
    /// <see cref="OutOfOrderPackets"/> and goes to the next window, so no host gets two rows for one window.</remarks>
    public bool CloseWindowsEndedBy(long nowNanoseconds)
    {
        long end = (_currentWindow + 1) * _windowNanoseconds;

        // Without open host windows there is nothing to close, and a late packet may still join the current one.
        if (_active.Count == _deadActive || end > nowNanoseconds)
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
    /// <param name="entity">The host the row describes.</param>
    /// <param name="windowStartNanoseconds">The window's start, in nanoseconds since the Unix epoch.</param>
    /// <returns><see langword="true"/> when a row was taken; <see langword="false"/> when none is waiting.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public bool TryReadWindow(Span<float> destination, out HostAddress entity, out long windowStartNanoseconds)
    {
        if (destination.Length < _featureCount)
        {
            throw new ArgumentException($"The destination must hold {_featureCount} features.", nameof(destination));
        }

        if (_doneRead == _doneCount)
        {
            entity = default;
            windowStartNanoseconds = 0;
            return false;
        }

        entity = _doneEntities[_doneRead];
        windowStartNanoseconds = _doneStarts[_doneRead];
        _doneFeatures.AsSpan(_doneRead * _featureCount, _featureCount).CopyTo(destination);
        _doneRead++;
        if (_doneRead == _doneCount)
        {
            _doneRead = _doneCount = 0;
        }

        return true;
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
        if ( TryReadWindow(features, out HostAddress entity, out long start))
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

    private int Touch(HostAddress address)
    {
        if (_slotByAddress.TryGetValue(address, out int slot))
        {
            if (slot != _newest)
            {
                Unlink(slot);
                LinkNewest(slot);
            }

            return slot;
        }

        if (_slotCount < _maxHosts)
        {
            slot = _slotCount++;
        }
        else
        {
            slot = _oldest;
            Evict(slot);
        }

        _slots[slot] = new HostSlot { Address = address, ActivePosition = -1 };
        _damped.AsSpan(slot * _decayPerNanosecond.Length, _decayPerNanosecond.Length).Clear();
        _slotByAddress.Add(address, slot);
        LinkNewest(slot);
        return slot;
    }

    private void Evict(int slot)
    {
        ref HostSlot host = ref _slots[slot];
        _slotByAddress.Remove(host.Address);
        HostsEvicted++;
        if (host.ActivePosition >= 0)
        {
            _active[host.ActivePosition] = -1;
            _deadActive++;
            WindowsDropped++;
        }

        Unlink(slot);
    }

    private void Unlink(int slot)
    {
        ref HostSlot host = ref _slots[slot];
        if (host.Newer >= 0)
        {
            _slots[host.Newer].Older = host.Older;
        }
        else
        {
            _newest = host.Older;
        }

        if (host.Older >= 0)
        {
            _slots[host.Older].Newer = host.Newer;
        }
        else
        {
            _oldest = host.Newer;
        }
    }

    private void LinkNewest(int slot)
    {
        ref HostSlot host = ref _slots[slot];
        host.Newer = -1;
        host.Older = _newest;
        if (_newest >= 0)
        {
            _slots[_newest].Newer = slot;
        }

        _newest = slot;
        if (_oldest < 0)
        {
            _oldest = slot;
        }
    }

    private void Update(int slot, in DecodedPacket packet, long timestamp, bool outbound, HostAddress peer)
    {
        ref HostSlot host = ref _slots[slot];
        Span<ulong> sketches = _sketches.AsSpan(slot * SketchesPerHost * LinearCounter.Words, SketchesPerHost * LinearCounter.Words);
        if (host.ActivePosition < 0)
        {
            if (_deadActive > _maxHosts)
            {
                CompactActive();
            }

            host.ResetWindow();
            host.ActivePosition = _active.Count;
            _active.Add(slot);
            sketches.Clear();
        }
        else
        {
            double gap = (timestamp - host.LastPacketNanoseconds) / NanosecondsPerSecond;
            host.GapMin = host.Gaps == 0 ? gap : Math.Min(host.GapMin, gap);
            host.GapMax = host.Gaps == 0 ? gap : Math.Max(host.GapMax, gap);
            host.Gaps++;
            host.GapSum += gap;
            host.GapSquaredSum += gap * gap;
        }

        host.LastPacketNanoseconds = timestamp;
        int size = packet.WireLength;
        if (outbound)
        {
            host.PacketsOut++;
            host.BytesOut += size;
        }
        else
        {
            host.PacketsIn++;
            host.BytesIn += size;
        }

        bool first = host.PacketsOut + host.PacketsIn == 1;
        host.SizeMin = first ? size : Math.Min(host.SizeMin, size);
        host.SizeMax = first ? size : Math.Max(host.SizeMax, size);
        host.SizeSum += size;
        host.SizeSquaredSum += (double)size * size;

        CountProtocol(ref host, packet, outbound);
        LinearCounter.Add(sketches[..LinearCounter.Words], LinearCounter.Hash(peer.High ^ LinearCounter.Hash(peer.Low)));
        if (packet.Transport is TransportProtocol.Tcp or TransportProtocol.Udp)
        {
            // Port hashes are salted with the protocol so that TCP 53 and UDP 53 count as two ports.
            ulong port = packet.DestinationPort | ((ulong)packet.Transport << 16);
            int sketch = outbound ? RemotePortSketch : LocalPortSketch;
            LinearCounter.Add(sketches.Slice(sketch * LinearCounter.Words, LinearCounter.Words), LinearCounter.Hash(port));
        }

        UpdateDamped(slot, ref host, timestamp, size);
    }

    private static void CountProtocol(ref HostSlot host, in DecodedPacket packet, bool outbound)
    {
        switch (packet.Transport)
        {
            case TransportProtocol.Tcp:
                host.Tcp++;
                CountTcpFlags(ref host, packet.TcpFlags, outbound);
                break;
            case TransportProtocol.Udp:
                host.Udp++;
                break;
            case TransportProtocol.Icmp or TransportProtocol.Icmpv6:
                host.Icmp++;
                if (!outbound && packet.IsDestinationUnreachable)
                {
                    host.UnreachableIn++;
                }

                break;
            default:
                if (packet.Network == NetworkProtocol.Arp)
                {
                    host.Arp++;
                }
                else
                {
                    host.Other++;
                }

                break;
        }

        if (packet.IsFragment)
        {
            host.Fragments++;
        }

        if (outbound)
        {
            host.DnsQueriesOut += packet.DnsQueryCount;
        }
    }

    private static void CountTcpFlags(ref HostSlot host, TcpControlBits flags, bool outbound)
    {
        bool syn = (flags & TcpControlBits.Syn) != 0;
        bool ack = (flags & TcpControlBits.Ack) != 0;
        bool rst = (flags & TcpControlBits.Rst) != 0;
        if (outbound)
        {
            host.SynOut += syn && !ack ? 1 : 0;
            host.SynAckOut += syn && ack ? 1 : 0;
            host.FinOut += (flags & TcpControlBits.Fin) != 0 ? 1 : 0;
            host.RstOut += rst ? 1 : 0;
            host.PshOut += (flags & TcpControlBits.Psh) != 0 ? 1 : 0;
        }
        else
        {
            host.SynIn += syn && !ack ? 1 : 0;
            host.SynAckIn += syn && ack ? 1 : 0;
            host.RstIn += rst ? 1 : 0;
        }
    }

    private void UpdateDamped(int slot, ref HostSlot host, long timestamp, int size)
    {
        long elapsed = host.HasDamped ? timestamp - host.DampedLastNanoseconds : 0;
        host.DampedLastNanoseconds = timestamp;
        host.HasDamped = true;
        Span<DampedStatistic> statistics = _damped.AsSpan(slot * _decayPerNanosecond.Length, _decayPerNanosecond.Length);
        for (int i = 0; i < statistics.Length; i++)
        {
            statistics[i].Update(Math.Exp(-_decayPerNanosecond[i] * elapsed), size);
        }
    }

    private void CloseWindow()
    {
        long start = _currentWindow * _windowNanoseconds;
        long end = start + _windowNanoseconds;
        foreach (int slot in _active)
        {
            if (slot < 0)
            {
                continue;
            }

            EnsureDoneCapacity();
            _doneEntities[_doneCount] = _slots[slot].Address;
            _doneStarts[_doneCount] = start;
            WriteFeatures(slot, end, _doneFeatures.AsSpan(_doneCount * _featureCount, _featureCount));
            _doneCount++;
            WindowsCompleted++;
            _slots[slot].ActivePosition = -1;
        }

        _active.Clear();
        _deadActive = 0;
    }

    /// <summary>Removes the entries of evicted hosts from the active list, keeping first-seen order, so that
    /// a flood of one-packet hosts cannot grow the list beyond twice the host cap.</summary>
    private void CompactActive()
    {
        int kept = 0;
        for (int i = 0; i < _active.Count; i++)
        {
            int slot = _active[i];
            if (slot >= 0)
            {
                _slots[slot].ActivePosition = kept;
                _active[kept++] = slot;
            }
        }

        _active.RemoveRange(kept, _active.Count - kept);
        _deadActive = 0;
    }

    private void EnsureDoneCapacity()
    {
        if (_doneCount < _doneEntities.Length)
        {
            return;
        }

        int capacity = _doneEntities.Length * 2;
        Array.Resize(ref _doneEntities, capacity);
        Array.Resize(ref _doneStarts, capacity);
        Array.Resize(ref _doneFeatures, capacity * _featureCount);
    }

    private void WriteFeatures(int slot, long windowEnd, Span<float> row)
    {
        ref HostSlot host = ref _slots[slot];
        ReadOnlySpan<ulong> sketches = _sketches.AsSpan(slot * SketchesPerHost * LinearCounter.Words, SketchesPerHost * LinearCounter.Words);
        double packets = host.PacketsOut + host.PacketsIn;
        double sizeMean = host.SizeSum / packets;
        row[HostWindowFeatures.PacketsOut] = host.PacketsOut;
        row[HostWindowFeatures.PacketsIn] = host.PacketsIn;
        row[HostWindowFeatures.BytesOut] = host.BytesOut;
        row[HostWindowFeatures.BytesIn] = host.BytesIn;
        row[HostWindowFeatures.SizeMean] = (float)sizeMean;
        row[HostWindowFeatures.SizeStd] = (float)Math.Sqrt(Math.Max(0, (host.SizeSquaredSum / packets) - (sizeMean * sizeMean)));
        row[HostWindowFeatures.SizeMin] = host.SizeMin;
        row[HostWindowFeatures.SizeMax] = host.SizeMax;
        row[HostWindowFeatures.TcpSynOut] = host.SynOut;
        row[HostWindowFeatures.TcpSynAckOut] = host.SynAckOut;
        row[HostWindowFeatures.TcpFinOut] = host.FinOut;
        row[HostWindowFeatures.TcpRstOut] = host.RstOut;
        row[HostWindowFeatures.TcpPshOut] = host.PshOut;
        row[HostWindowFeatures.TcpSynIn] = host.SynIn;
        row[HostWindowFeatures.TcpSynAckIn] = host.SynAckIn;
        row[HostWindowFeatures.TcpRstIn] = host.RstIn;
        row[HostWindowFeatures.DistinctPeers] = LinearCounter.Estimate(sketches[..LinearCounter.Words]);
        row[HostWindowFeatures.DistinctRemotePortsOut] = LinearCounter.Estimate(sketches.Slice(RemotePortSketch * LinearCounter.Words, LinearCounter.Words));
        row[HostWindowFeatures.DistinctLocalPortsIn] = LinearCounter.Estimate(sketches.Slice(LocalPortSketch * LinearCounter.Words, LinearCounter.Words));
        row[HostWindowFeatures.FractionTcp] = (float)(host.Tcp / packets);
        row[HostWindowFeatures.FractionUdp] = (float)(host.Udp / packets);
        row[HostWindowFeatures.FractionIcmp] = (float)(host.Icmp / packets);
        row[HostWindowFeatures.FractionArp] = (float)(host.Arp / packets);
        row[HostWindowFeatures.FractionOther] = (float)(host.Other / packets);
        row[HostWindowFeatures.DnsQueriesOut] = host.DnsQueriesOut;
        row[HostWindowFeatures.IPFragments] = host.Fragments;
        row[HostWindowFeatures.IcmpUnreachableIn] = host.UnreachableIn;
        int unanswered = Math.Max(0, host.SynOut - host.SynAckIn);
        row[HostWindowFeatures.UnansweredSynOut] = unanswered;
        row[HostWindowFeatures.FailedConnections] = host.RstIn + host.UnreachableIn + unanswered;
        double gapMean = host.Gaps > 0 ? host.GapSum / host.Gaps : 0;
        row[HostWindowFeatures.InterArrivalMean] = (float)gapMean;
        row[HostWindowFeatures.InterArrivalStd] = host.Gaps > 0 ? (float)Math.Sqrt(Math.Max(0, (host.GapSquaredSum / host.Gaps) - (gapMean * gapMean))) : 0;
        row[HostWindowFeatures.InterArrivalMin] = (float)host.GapMin;
        row[HostWindowFeatures.InterArrivalMax] = (float)host.GapMax;

        ReadOnlySpan<DampedStatistic> statistics = _damped.AsSpan(slot * _decayPerNanosecond.Length, _decayPerNanosecond.Length);
        long sinceLast = windowEnd - host.DampedLastNanoseconds;
        for (int i = 0; i < statistics.Length; i++)
        {
            statistics[i].Write(Math.Exp(-_decayPerNanosecond[i] * sinceLast), row.Slice(HostWindowFeatures.FirstDamped + (3 * i), 3));
        }
    }
}
