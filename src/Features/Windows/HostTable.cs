using EdgeLstm.Features.Decoding;

namespace EdgeLstm.Features.Windows;

/// <summary>Maps entities to the slots of the extractor's preallocated state, with an admission policy that keeps
/// established hosts through a flood of one-packet sources: a segmented LRU over hosts plus bounded aggregates for the
/// hosts it cannot admit.</summary>
/// <remarks>
/// <para>Slots <c>[0, hosts)</c> hold hosts in two LRU segments. A new host enters <em>probation</em>; a host seen in a
/// second window moves to <em>protected</em>, which holds at most four fifths of the host slots (beyond that its least
/// recently seen host goes back to probation's recent end). A new host takes a free slot, or the slot of probation's
/// least recently seen host if that host is idle (no packet in the current window: its window is complete, so nothing
/// is lost). Otherwise the new host is not admitted, and the caller credits its packet to an aggregate.</para>
/// <para>Slots <c>[hosts, hosts + aggregates)</c> hold the aggregates <c>untracked-&gt;PEER</c>, one per tracked peer, in
/// their own LRU list; an idle one makes room for a new one, else the last slot, <c>untracked-&gt;*</c>, takes the packet.
/// So no open window is ever evicted, and memory is bounded by the slot count. Every operation is O(1).</para>
/// </remarks>
internal sealed class HostTable
{
    private const int Free = -1;
    private const int Probation = 0;
    private const int Protected = 1;
    private const int Aggregates = 2;

    private readonly Dictionary<HostAddress, int> _slotByKey;
    private readonly Entry[] _entries;
    private readonly Segment[] _segments = new Segment[3];
    private readonly int _hostCapacity;
    private readonly int _aggregateCapacity;
    private readonly int _protectedCapacity;
    private int _hostsUsed;
    private int _aggregatesUsed;

    /// <summary>Initializes a table of <paramref name="hosts"/> host slots, <paramref name="aggregates"/> aggregate slots and one overflow slot.</summary>
    public HostTable(int hosts, int aggregates)
    {
        _hostCapacity = Math.Max(2, hosts);
        _aggregateCapacity = aggregates;
        _protectedCapacity = _hostCapacity - Math.Max(1, _hostCapacity / 5);
        Capacity = _hostCapacity + _aggregateCapacity + 1;
        OverflowSlot = Capacity - 1;
        _slotByKey = new Dictionary<HostAddress, int>(_hostCapacity + _aggregateCapacity);
        _entries = new Entry[Capacity];
        _entries[OverflowSlot] = new Entry { Key = HostAddress.Untracked, Segment = Free, LastWindow = long.MinValue };
        for (int i = 0; i < _segments.Length; i++)
        {
            _segments[i] = new Segment { Newest = -1, Oldest = -1 };
        }
    }

    /// <summary>Gets the number of slots: hosts, aggregates and the overflow slot.</summary>
    public int Capacity { get; }

    /// <summary>Gets the slot of <c>untracked-&gt;*</c>.</summary>
    public int OverflowSlot { get; }

    /// <summary>Gets the number of hosts tracked.</summary>
    public int HostsTracked => _segments[Probation].Count + _segments[Protected].Count;

    /// <summary>Gets the number of hosts in the protected segment (seen in two windows or more).</summary>
    public int ProtectedHosts => _segments[Protected].Count;

    /// <summary>Gets the number of aggregates of untracked peers tracked.</summary>
    public int AggregatesTracked => _segments[Aggregates].Count;

    /// <summary>Gets the number of idle hosts evicted to admit new ones.</summary>
    public long HostsEvicted { get; private set; }

    /// <summary>Gets the number of evicted hosts that had been seen in two windows or more.</summary>
    public long HostsWithHistoryEvicted { get; private set; }

    /// <summary>Gets the number of idle aggregates evicted to make room for new ones.</summary>
    public long AggregatesEvicted { get; private set; }

    /// <summary>Returns the entity a slot holds.</summary>
    public HostAddress KeyOf(int slot) => _entries[slot].Key;

    /// <summary>Returns whether a slot holds a host (not an aggregate).</summary>
    public bool IsHost(int slot) => slot < _hostCapacity;

    /// <summary>Finds or admits a host for a packet of window <paramref name="window"/>.</summary>
    /// <param name="address">The host.</param>
    /// <param name="window">The current window's index; never decreases.</param>
    /// <param name="admitted">Set when the slot was given to the host just now, so its state must be reset.</param>
    /// <returns>The host's slot, or -1 when the table is full of hosts active in this window.</returns>
    public int TryTrack(HostAddress address, long window, out bool admitted)
    {
        if (_slotByKey.TryGetValue(address, out int slot))
        {
            admitted = false;
            ref Entry entry = ref _entries[slot];
            if (entry.LastWindow != window)
            {
                entry.LastWindow = window;
                entry.WindowsSeen = Math.Min(entry.WindowsSeen + 1, 2);
            }

            if (entry.Segment == Probation && entry.WindowsSeen >= 2)
            {
                Promote(slot);
            }
            else
            {
                MoveToNewest(slot);
            }

            return slot;
        }

        if (_hostsUsed < _hostCapacity)
        {
            slot = _hostsUsed++;
        }
        else
        {
            slot = _segments[Probation].Oldest;
            if (slot < 0 || _entries[slot].LastWindow == window)
            {
                admitted = false;
                return -1;
            }

            HostsEvicted++;
            HostsWithHistoryEvicted += _entries[slot].WindowsSeen >= 2 ? 1 : 0;
            Remove(slot);
        }

        Add(slot, address, window, Probation);
        admitted = true;
        return slot;
    }

    /// <summary>Finds or creates the aggregate of the untracked peers of a tracked host, or returns the overflow slot
    /// when every aggregate slot is active in this window.</summary>
    /// <param name="peer">The tracked host the untracked one exchanged the packet with.</param>
    /// <param name="window">The current window's index.</param>
    /// <param name="admitted">Set when the slot was given to the aggregate just now, so its state must be reset.</param>
    /// <returns>The aggregate's slot, or <see cref="OverflowSlot"/>.</returns>
    public int TrackAggregate(HostAddress peer, long window, out bool admitted)
    {
        HostAddress key = HostAddress.UntrackedPeersOf(peer);
        admitted = false;
        if (_slotByKey.TryGetValue(key, out int slot))
        {
            _entries[slot].LastWindow = window;
            MoveToNewest(slot);
            return slot;
        }

        if (_aggregatesUsed < _aggregateCapacity)
        {
            slot = _hostCapacity + _aggregatesUsed++;
        }
        else
        {
            slot = _segments[Aggregates].Oldest;
            if (slot < 0 || _entries[slot].LastWindow == window)
            {
                return OverflowSlot;
            }

            AggregatesEvicted++;
            Remove(slot);
        }

        Add(slot, key, window, Aggregates);
        admitted = true;
        return slot;
    }

    private void Add(int slot, HostAddress key, long window, int segment)
    {
        _entries[slot] = new Entry { Key = key, Segment = segment, LastWindow = window, WindowsSeen = 1 };
        _slotByKey.Add(key, slot);
        LinkNewest(slot);
    }

    private void Remove(int slot)
    {
        _slotByKey.Remove(_entries[slot].Key);
        Unlink(slot);
    }

    private void Promote(int slot)
    {
        Unlink(slot);
        if (_segments[Protected].Count >= _protectedCapacity)
        {
            // Segmented LRU: the protected segment's least recent host goes back to probation, where only a newer
            // host with history can push it out (one-packet sources never reach protected).
            int demoted = _segments[Protected].Oldest;
            Unlink(demoted);
            _entries[demoted].Segment = Probation;
            LinkNewest(demoted);
        }

        _entries[slot].Segment = Protected;
        LinkNewest(slot);
    }

    private void MoveToNewest(int slot)
    {
        if (_segments[_entries[slot].Segment].Newest != slot)
        {
            Unlink(slot);
            LinkNewest(slot);
        }
    }

    private void Unlink(int slot)
    {
        ref Entry entry = ref _entries[slot];
        ref Segment segment = ref _segments[entry.Segment];
        if (entry.Newer >= 0)
        {
            _entries[entry.Newer].Older = entry.Older;
        }
        else
        {
            segment.Newest = entry.Older;
        }

        if (entry.Older >= 0)
        {
            _entries[entry.Older].Newer = entry.Newer;
        }
        else
        {
            segment.Oldest = entry.Newer;
        }

        segment.Count--;
    }

    private void LinkNewest(int slot)
    {
        ref Entry entry = ref _entries[slot];
        ref Segment segment = ref _segments[entry.Segment];
        entry.Newer = -1;
        entry.Older = segment.Newest;
        if (segment.Newest >= 0)
        {
            _entries[segment.Newest].Newer = slot;
        }

        segment.Newest = slot;
        if (segment.Oldest < 0)
        {
            segment.Oldest = slot;
        }

        segment.Count++;
    }

    private struct Entry
    {
        public HostAddress Key;
        public int Segment;
        public int Newer;
        public int Older;
        public long LastWindow;
        public int WindowsSeen;
    }

    private struct Segment
    {
        public int Newest;
        public int Oldest;
        public int Count;
    }
}
