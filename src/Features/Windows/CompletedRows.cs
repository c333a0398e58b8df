using EdgeLstm.Features.Decoding;

namespace EdgeLstm.Features.Windows;

/// <summary>Buffers the rows of completed windows until they are read, in arrays that grow to the largest window seen
/// and are then reused, so steady-state reading allocates nothing.</summary>
internal sealed class CompletedRows
{
    private readonly int _featureCount;
    private HostAddress[] _entities = new HostAddress[64];
    private long[] _starts = new long[64];
    private float[] _features;
    private int _count;
    private int _read;

    /// <summary>Initializes a buffer of rows of <paramref name="featureCount"/> features.</summary>
    public CompletedRows(int featureCount)
    {
        _featureCount = featureCount;
        _features = new float[_entities.Length * featureCount];
    }

    /// <summary>Gets the number of rows not yet read.</summary>
    public int Pending => _count - _read;

    /// <summary>Appends a row and returns the span its features are to be written to.</summary>
    public Span<float> Add(HostAddress entity, long windowStartNanoseconds)
    {
        if (_count == _entities.Length)
        {
            int capacity = _entities.Length * 2;
            Array.Resize(ref _entities, capacity);
            Array.Resize(ref _starts, capacity);
            Array.Resize(ref _features, capacity * _featureCount);
        }

        _entities[_count] = entity;
        _starts[_count] = windowStartNanoseconds;
        return _features.AsSpan(_count++ * _featureCount, _featureCount);
    }

    /// <summary>Takes the oldest unread row; the buffer is reused once every row has been read.</summary>
    public bool TryRead(Span<float> destination, out HostAddress entity, out long windowStartNanoseconds)
    {
        if (_read == _count)
        {
            entity = default;
            windowStartNanoseconds = 0;
            return false;
        }

        entity = _entities[_read];
        windowStartNanoseconds = _starts[_read];
        _features.AsSpan(_read * _featureCount, _featureCount).CopyTo(destination);
        if (++_read == _count)
        {
            _read = _count = 0;
        }

        return true;
    }
}
