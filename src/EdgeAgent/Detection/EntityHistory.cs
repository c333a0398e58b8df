using EdgeLstm.Features.Decoding;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Keeps, per host, the last T standardized feature windows and the alert-policy state, for at most a fixed
/// number of hosts (least recently seen forgotten first) and resetting a host that was idle too long.</summary>
internal sealed class EntityHistory
{
    private readonly int _steps;
    private readonly int _features;
    private readonly int _capacity;
    private readonly TimeSpan _idleReset;
    private readonly Dictionary<HostAddress, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();

    /// <summary>Initializes an empty history.</summary>
    public EntityHistory(int steps, int features, int capacity, TimeSpan idleReset)
    {
        _steps = steps;
        _features = features;
        _capacity = capacity;
        _idleReset = idleReset;
    }

    /// <summary>Gets the number of hosts tracked.</summary>
    public int Count => _entries.Count;

    /// <summary>Gets the number of hosts forgotten to stay within the capacity.</summary>
    public long Evictions { get; private set; }

    /// <summary>Appends a window of a host; returns the host's entry (its window is full once <see cref="Entry.Filled"/> reaches T).</summary>
    public Entry Append(HostAddress host, DateTimeOffset time, ReadOnlySpan<float> standardized)
    {
        if (_entries.TryGetValue(host, out LinkedListNode<Entry>? node))
        {
            _recency.Remove(node);
            if (time - node.Value.LastSeen > _idleReset)
            {
                node.Value.Reset();
            }
        }
        else
        {
            if (_entries.Count >= _capacity)
            {
                LinkedListNode<Entry> oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Host);
                Evictions++;
            }

            node = new LinkedListNode<Entry>(new Entry(host, _steps, _features));
            _entries[host] = node;
        }

        _recency.AddFirst(node);
        node.Value.Push(time, standardized);
        return node.Value;
    }

    /// <summary>Holds one host's recent windows, oldest first once read through <see cref="CopySequence"/>.</summary>
    internal sealed class Entry
    {
        private readonly float[] _ring;
        private readonly int _features;
        private int _next;
        private PolicyState _policy;

        public Entry(HostAddress host, int steps, int features)
        {
            Host = host;
            Steps = steps;
            _features = features;
            _ring = new float[steps * features];
        }

        public HostAddress Host { get; }

        public int Steps { get; }

        public int Filled { get; private set; }

        public DateTimeOffset FirstSeen { get; private set; }

        public DateTimeOffset LastSeen { get; private set; }

        public ref PolicyState Policy => ref _policy;

        public void Push(DateTimeOffset time, ReadOnlySpan<float> standardized)
        {
            if (Filled == 0)
            {
                FirstSeen = time;
            }

            standardized.CopyTo(_ring.AsSpan(_next * _features, _features));
            _next = (_next + 1) % Steps;
            Filled = Math.Min(Filled + 1, Steps);
            LastSeen = time;
        }

        /// <summary>Copies the last T windows, oldest first, into a sequence buffer.</summary>
        public void CopySequence(Span<float> destination)
        {
            for (int t = 0; t < Steps; t++)
            {
                int slot = (_next + t) % Steps;
                _ring.AsSpan(slot * _features, _features).CopyTo(destination.Slice(t * _features, _features));
            }
        }

        public void Reset()
        {
            Filled = 0;
            _next = 0;
            _policy = default;
        }
    }
}
