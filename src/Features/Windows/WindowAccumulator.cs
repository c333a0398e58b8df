using EdgeLstm.Features.Decoding;

namespace EdgeLstm.Features.Windows;

/// <summary>Accumulates each tracked entity's packets over the current window and writes its feature vector when the
/// window completes (the definitions of <see cref="HostWindowFeatures"/>); the state of every slot of the
/// <see cref="HostTable"/> lives in preallocated arrays, so accumulating allocates nothing.</summary>
internal sealed class WindowAccumulator
{
    private const int SketchesPerHost = 3;
    private const int PeerSketch = 0;
    private const int RemotePortSketch = 1;
    private const int LocalPortSketch = 2;
    private const double NanosecondsPerSecond = 1e9;

    private readonly HostSlot[] _slots;
    private readonly ulong[] _sketches;
    private readonly DampedStatistic[] _damped;
    private readonly double[] _decayPerNanosecond;
    private readonly List<int> _active;

    /// <summary>Initializes the state of <paramref name="slots"/> slots.</summary>
    public WindowAccumulator(int slots)
    {
        _slots = new HostSlot[slots];
        _sketches = new ulong[slots * SketchesPerHost * LinearCounter.Words];
        _decayPerNanosecond = HostWindowFeatures.DecayRates.Select(rate => rate * Math.Log(2) / NanosecondsPerSecond).ToArray();
        _damped = new DampedStatistic[slots * _decayPerNanosecond.Length];
        _active = new List<int>(slots);
    }

    /// <summary>Gets the number of slots with packets in the current window.</summary>
    public int ActiveCount => _active.Count;

    /// <summary>Forgets a slot's state, for an entity that has just been given the slot.</summary>
    public void Reset(int slot)
    {
        _slots[slot] = default;
        _damped.AsSpan(slot * _decayPerNanosecond.Length, _decayPerNanosecond.Length).Clear();
    }

    /// <summary>Adds one packet to a slot's window; the slot's first packet of a window makes it active.</summary>
    /// <param name="slot">The entity's slot.</param>
    /// <param name="packet">The packet.</param>
    /// <param name="timestamp">Its timestamp, never earlier than the previous packet's.</param>
    /// <param name="outbound">Whether the entity sent the packet (else received it).</param>
    /// <param name="peer">The packet's other end.</param>
    public void Add(int slot, in DecodedPacket packet, long timestamp, bool outbound, HostAddress peer)
    {
        ref HostSlot host = ref _slots[slot];
        Span<ulong> sketches = _sketches.AsSpan(slot * SketchesPerHost * LinearCounter.Words, SketchesPerHost * LinearCounter.Words);
        if (!host.Active)
        {
            host.ResetWindow();
            host.Active = true;
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

    /// <summary>Completes the current window: one row per active slot, in first-seen order, then no slot is active.</summary>
    /// <param name="windowStart">The window's start, in nanoseconds since the Unix epoch.</param>
    /// <param name="windowEnd">Its end.</param>
    /// <param name="table">Names each slot's entity.</param>
    /// <param name="rows">Receives the rows.</param>
    public void CompleteWindow(long windowStart, long windowEnd, HostTable table, CompletedRows rows)
    {
        foreach (int slot in _active)
        {
            WriteFeatures(slot, windowEnd, rows.Add(table.KeyOf(slot), windowStart));
            _slots[slot].Active = false;
        }

        _active.Clear();
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
