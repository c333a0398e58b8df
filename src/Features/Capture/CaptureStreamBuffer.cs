namespace EdgeLstm.Features.Capture;

/// <summary>Reads a capture stream through one reusable buffer and hands out spans over it, so that
/// reading a record copies nothing and allocates nothing once the buffer has grown to the largest record.</summary>
internal sealed class CaptureStreamBuffer : IDisposable
{
    private const int InitialCapacity = 1 << 20;

    private readonly Stream _stream;
    private readonly string _name;
    private readonly int _maxRecordLength;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _endOfStream;

    /// <summary>Initializes a buffer over <paramref name="stream"/>, which it owns.</summary>
    /// <param name="stream">The capture stream, positioned at its start.</param>
    /// <param name="maxRecordLength">The longest record a caller may ask for; bounds the buffer's growth.</param>
    /// <param name="name">The file path, used in error messages.</param>
    public CaptureStreamBuffer(Stream stream, int maxRecordLength, string name)
    {
        _stream = stream;
        _name = name;
        _maxRecordLength = maxRecordLength;
        _buffer = new byte[Math.Min(InitialCapacity, maxRecordLength)];
    }

    /// <summary>Gets the stream offset of the next unread byte.</summary>
    public long Position { get; private set; }

    /// <summary>Makes up to <paramref name="count"/> bytes available and returns how many are.</summary>
    /// <param name="count">The bytes wanted, at most the maximum record length.</param>
    /// <returns><paramref name="count"/>, or fewer when the stream ends first.</returns>
    /// <exception cref="CaptureFormatException">The stream is gzip-compressed and its data is corrupt.</exception>
    public int Ensure(int count)
    {
        System.Diagnostics.Debug.Assert(count >= 0 && count <= _maxRecordLength, "callers validate lengths first");
        int available = _end - _start;
        if (available >= count)
        {
            return count;
        }

        if (_buffer.Length < count)
        {
            byte[] larger = new byte[Math.Min(_maxRecordLength, Math.Max(count, _buffer.Length * 2))];
            _buffer.AsSpan(_start, available).CopyTo(larger);
            _buffer = larger;
        }
        else if (_start > 0)
        {
            _buffer.AsSpan(_start, available).CopyTo(_buffer);
        }

        _start = 0;
        _end = available;
        while (!_endOfStream && _end < count)
        {
            int read;
            try
            {
                read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            }
            catch (InvalidDataException e)
            {
                // A corrupt gzip stream: report it like any other corrupt capture.
                throw new CaptureFormatException(_name, Position + _end, "compressed data is corrupt", e);
            }

            if (read == 0)
            {
                _endOfStream = true;
            }

            _end += read;
        }

        return Math.Min(count, _end);
    }

    /// <summary>Returns the next <paramref name="count"/> bytes without consuming them; call <see cref="Ensure"/> first.</summary>
    public ReadOnlySpan<byte> Peek(int count) => _buffer.AsSpan(_start, count);

    /// <summary>Consumes <paramref name="count"/> bytes made available by <see cref="Ensure"/>.</summary>
    public void Advance(int count)
    {
        _start += count;
        Position += count;
    }

    /// <inheritdoc/>
    public void Dispose() => _stream.Dispose();
}
