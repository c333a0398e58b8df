namespace EdgeLstm.Model.Scoring;

/// <summary>Keeps each host's last T steps of standardized input, where a host's history before it appeared, and
/// for time windows every window in which it neither sent nor received, is the silence vector: the one definition of
/// a host sequence that the trainer (training and evaluation) and the agent share.</summary>
/// <remarks>
/// <para>A host is scored from its first row on: its sequence is T − k silent steps followed by its k rows. Silence is
/// not stored: each host keeps how many of its last T steps came after it appeared, and
/// <see cref="CopySequence"/> writes the silence vector for the rest, so a host silent for T windows or more costs
/// nothing until it returns, and then starts again like a new host.</para>
/// <para>At most <c>capacity</c> hosts are kept, in two least-recently-used segments: a host seen in one row is on
/// probation, a host seen in two or more is protected, and a new host evicts the oldest host on probation first, so a
/// flood of one-row sources cannot push out hosts with history. Memory grows with the hosts kept, up to the capacity.
/// Allocation-free once grown. Not thread-safe.</para>
/// </remarks>
/// <typeparam name="TKey">The host key.</typeparam>
public sealed class SilencePaddedHistory<TKey>
    where TKey : notnull
{
    private const int None = -1;
    private const byte Probation = 0;
    private const byte Protected = 1;

    private readonly int _steps;
    private readonly int _inputSize;
    private readonly int _capacity;
    private readonly float[] _silence;
    private readonly SequenceTiming _timing;
    private readonly Dictionary<TKey, int> _slotOf = [];
    private readonly int[] _newest = [None, None];
    private readonly int[] _oldest = [None, None];

    private TKey[] _keys = [];
    private float[] _ring = [];
    private int[] _next = [];
    private int[] _span = [];
    private long[] _lastStep = [];
    private double[] _lastTime = [];
    private double[] _firstSeen = [];
    private byte[] _segment = [];
    private int[] _newer = [];
    private int[] _older = [];
    private int _count;
    private long _firstStep = long.MinValue;

    /// <summary>Initializes an empty history.</summary>
    /// <param name="steps">The steps per sequence (T), at least 1.</param>
    /// <param name="silence">The standardized silence vector (see <see cref="FeatureNormalization.Silence"/>); its length is m.</param>
    /// <param name="timing">How rows map to steps.</param>
    /// <param name="capacity">The most hosts kept, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> or <paramref name="capacity"/> is below 1, or the silence vector is empty.</exception>
    public SilencePaddedHistory(int steps, ReadOnlySpan<float> silence, SequenceTiming timing, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfZero(silence.Length, nameof(silence));
        _steps = steps;
        _inputSize = silence.Length;
        _capacity = capacity;
        _silence = silence.ToArray();
        _timing = timing;
    }

    /// <summary>Gets the steps per sequence (T).</summary>
    public int Steps => _steps;

    /// <summary>Gets the inputs per step (m).</summary>
    public int InputSize => _inputSize;

    /// <summary>Gets the number of hosts kept.</summary>
    public int Count => _count;

    /// <summary>Gets the number of hosts seen in two or more rows among those kept.</summary>
    public int ProtectedCount { get; private set; }

    /// <summary>Gets the number of hosts forgotten to stay within the capacity.</summary>
    public long Evictions { get; private set; }

    /// <summary>Gets the number of hosts with two or more rows forgotten to stay within the capacity (a flood of new
    /// hosts evicts hosts on probation first, so this stays 0 unless protected hosts alone fill the capacity).</summary>
    public long ProtectedEvictions { get; private set; }

    /// <summary>Appends a row of a host and returns the host's slot, valid until the next call.</summary>
    /// <param name="key">The host.</param>
    /// <param name="timeSeconds">The row's time: the window start for windows, the record's time for records.</param>
    /// <param name="standardized">The row's standardized inputs, m long.</param>
    /// <param name="started">Set to <see langword="true"/> when the slot now holds a host it did not hold before, or a
    /// record host that was idle longer than the idle reset: per-host state the caller keeps by slot starts over.</param>
    /// <returns>The slot, in [0, capacity).</returns>
    /// <exception cref="ArgumentException"><paramref name="standardized"/> is not m long.</exception>
    public int Append(TKey key, double timeSeconds, ReadOnlySpan<float> standardized, out bool started)
    {
        if (standardized.Length != _inputSize)
        {
            throw new ArgumentException($"A row needs {_inputSize} inputs, not {standardized.Length}.", nameof(standardized));
        }

        long step = _timing.IsWindowed ? _timing.WindowIndex(timeSeconds) : 0;
        if (_firstStep == long.MinValue)
        {
            _firstStep = step;
        }

        started = false;
        if (_slotOf.TryGetValue(key, out int slot))
        {
            Unlink(slot);
            long advance = _timing.IsWindowed ? Math.Max(1, step - _lastStep[slot]) : 1;
            bool idle = !_timing.IsWindowed && timeSeconds - _lastTime[slot] > _timing.IdleResetSeconds;
            started = idle;
            if (idle || advance >= _steps)
            {
                StartOver(slot, timeSeconds);
            }
            else
            {
                AppendSilence(slot, (int)advance - 1);
            }

            if (_segment[slot] == Probation)
            {
                _segment[slot] = Protected;
                ProtectedCount++;
            }
        }
        else
        {
            slot = Admit(key);
            StartOver(slot, timeSeconds);
            started = true;
        }

        standardized.CopyTo(_ring.AsSpan(((slot * _steps) + _next[slot]) * _inputSize, _inputSize));
        _next[slot] = (_next[slot] + 1) % _steps;
        _span[slot] = Math.Min(_steps, _span[slot] + 1);
        _lastStep[slot] = step;
        _lastTime[slot] = timeSeconds;
        LinkNewest(slot);
        return slot;
    }

    /// <summary>Gets the host a slot holds.</summary>
    public TKey KeyOf(int slot) => _keys[slot];

    /// <summary>Gets the number of leading silent steps of a slot's sequence: T minus the steps since the host appeared
    /// (or last started over), at least 0.</summary>
    public int LeadingSilence(int slot) => _steps - _span[slot];

    /// <summary>Gets a value indicating whether a slot's silent prefix reaches back before the first window this
    /// history saw (time windows only): what the host did then is unknown, not silence, so an agent that has just
    /// started, or a replay, does not take every host's first windows for hosts that have just appeared.</summary>
    public bool InWarmUp(int slot) => _timing.IsWindowed && LeadingSilence(slot) > 0 && _lastStep[slot] - _firstStep < _steps - 1;

    /// <summary>Gets the time of the first row of the host's current run (since it appeared, or was silent for T steps
    /// or more).</summary>
    public double FirstSeenSeconds(int slot) => _firstSeen[slot];

    /// <summary>Copies a slot's sequence, oldest step first: silence, then the host's last steps.</summary>
    /// <param name="slot">The slot <see cref="Append"/> returned.</param>
    /// <param name="destination">Receives T × m inputs.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than T × m.</exception>
    public void CopySequence(int slot, Span<float> destination)
    {
        int m = _inputSize;
        if (destination.Length < _steps * m)
        {
            throw new ArgumentException($"The destination must hold {_steps * m} inputs.", nameof(destination));
        }

        int silent = LeadingSilence(slot);
        for (int t = 0; t < _steps; t++)
        {
            Span<float> step = destination.Slice(t * m, m);
            if (t < silent)
            {
                _silence.CopyTo(step);
            }
            else
            {
                int position = (_next[slot] + t) % _steps;
                _ring.AsSpan(((slot * _steps) + position) * m, m).CopyTo(step);
            }
        }
    }

    private void StartOver(int slot, double timeSeconds)
    {
        _span[slot] = 0;
        _next[slot] = 0;
        _firstSeen[slot] = timeSeconds;
    }

    // Windows between two rows of a host are silence; fewer than T of them, else the host starts over.
    private void AppendSilence(int slot, int windows)
    {
        for (int i = 0; i < windows; i++)
        {
            _silence.CopyTo(_ring.AsSpan(((slot * _steps) + _next[slot]) * _inputSize, _inputSize));
            _next[slot] = (_next[slot] + 1) % _steps;
        }

        _span[slot] = Math.Min(_steps, _span[slot] + windows);
    }

    private int Admit(TKey key)
    {
        int slot;
        if (_count < _capacity)
        {
            slot = _count++;
            EnsureSlots(_count);
        }
        else
        {
            byte segment = _oldest[Probation] != None ? Probation : Protected;
            slot = _oldest[segment];
            Unlink(slot);
            _slotOf.Remove(_keys[slot]);
            Evictions++;
            if (segment == Protected)
            {
                ProtectedEvictions++;
                ProtectedCount--;
            }
        }

        _keys[slot] = key;
        _segment[slot] = Probation;
        _slotOf.Add(key, slot);
        return slot;
    }

    private void EnsureSlots(int slots)
    {
        if (slots <= _keys.Length)
        {
            return;
        }

        int size = (int)Math.Min(_capacity, Math.Max(16, 2L * _keys.Length));
        Array.Resize(ref _keys, size);
        Array.Resize(ref _ring, size * _steps * _inputSize);
        Array.Resize(ref _next, size);
        Array.Resize(ref _span, size);
        Array.Resize(ref _lastStep, size);
        Array.Resize(ref _lastTime, size);
        Array.Resize(ref _firstSeen, size);
        Array.Resize(ref _segment, size);
        Array.Resize(ref _newer, size);
        Array.Resize(ref _older, size);
    }

    private void Unlink(int slot)
    {
        byte segment = _segment[slot];
        int newer = _newer[slot];
        int older = _older[slot];
        if (newer != None)
        {
            _older[newer] = older;
        }
        else
        {
            _newest[segment] = older;
        }

        if (older != None)
        {
            _newer[older] = newer;
        }
        else
        {
            _oldest[segment] = newer;
        }
    }

    private void LinkNewest(int slot)
    {
        byte segment = _segment[slot];
        _newer[slot] = None;
        _older[slot] = _newest[segment];
        if (_newest[segment] != None)
        {
            _newer[_newest[segment]] = slot;
        }

        _newest[segment] = slot;
        if (_oldest[segment] == None)
        {
            _oldest[segment] = slot;
        }
    }
}
