using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EdgeLstm.Trainer.Data;

/// <summary>Reads delimited records (RFC 4180 quoting: fields in double quotes may hold delimiters, line breaks and doubled quotes) from a stream, one record at a time, without allocating per record or field.</summary>
/// <remarks>
/// <para>Blank lines are skipped. A double quote opens a quoted field only as the field's first character; anywhere else it is
/// data. Quoting can be switched off for formats such as Zeek's TSV, where a double quote is ordinary data.</para>
/// <para><see cref="Read"/> leaves the record in an internal buffer and the indexer returns views of its fields, valid until the
/// next read (doubled quotes are unescaped in place). The buffer grows to hold the longest record, up to
/// <see cref="MaxRecordLength"/> characters. Delimiters and line breaks are found sixteen characters at a time as a bit mask (portable <see cref="Vector128{T}"/>, so the Pi's NEON runs it too).</para>
/// <para>This reader is ours rather than Sep's because Sep pairs every double quote wherever it stands: a stray quote inside an
/// unquoted field (<c>5" disk</c>) makes Sep read the rest of the file, or up to the next stray quote, as one field, without an
/// error; here it is data, and an unclosed quote or text after a closing quote is an error naming file, line and character.</para>
/// </remarks>
internal sealed class DelimitedReader : IDisposable
{
    /// <summary>The longest record read, in characters; a longer one (usually a quote never closed) is an error.</summary>
    public const int MaxRecordLength = 1 << 26;

    private const int InitialBufferLength = 1 << 16;

    // Characters scanned at once: two Vector128<ushort>, narrowed to one 16-bit mask.
    private const int BlockLength = 16;

    private readonly TextReader _reader;
    private readonly string _filePath;
    private readonly char _delimiter;
    private readonly bool _quoting;
    private readonly Vector128<ushort> _delimiters;
    private char[] _buffer = new char[InitialBufferLength];
    private Field[] _fields = new Field[64];
    private int _fieldCount;
    private int _length;
    private int _position;
    private bool _endOfInput;
    private long _line = 1;

    /// <summary>Initializes a reader over an open text reader, which it disposes.</summary>
    /// <param name="reader">The text to read.</param>
    /// <param name="filePath">The file name used in error messages.</param>
    /// <param name="delimiter">The field delimiter.</param>
    /// <param name="quoting">Whether double quotes delimit fields (RFC 4180).</param>
    /// <exception cref="ArgumentException"><paramref name="delimiter"/> is a line break, or a double quote while quoting.</exception>
    public DelimitedReader(TextReader reader, string filePath, char delimiter = ',', bool quoting = true)
    {
        if (delimiter is '\n' or '\r' || (quoting && delimiter == '"'))
        {
            throw new ArgumentException($"'{delimiter}' cannot delimit fields.", nameof(delimiter));
        }

        _reader = reader;
        _filePath = filePath;
        _delimiter = delimiter;
        _quoting = quoting;
        _delimiters = Vector128.Create((ushort)delimiter);
    }

    private enum ParseResult
    {
        Record,
        Blank,
        End,
        NeedMore,
    }

    /// <summary>Gets the file name used in error messages.</summary>
    public string FilePath => _filePath;

    /// <summary>Gets the 1-based physical line on which the record last read starts.</summary>
    public long RecordLine { get; private set; }

    /// <summary>Gets the number of fields of the record last read (0 at the end of the file).</summary>
    public int FieldCount => _fieldCount;

    /// <summary>Gets a field of the record last read.</summary>
    /// <param name="index">The 0-based field index.</param>
    /// <returns>The field's text, unquoted and unescaped; valid until the next read.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not less than <see cref="FieldCount"/>.</exception>
    public ReadOnlySpan<char> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_fieldCount, nameof(index));
            Field field = _fields[index];
            return _buffer.AsSpan(field.Start, field.Length);
        }
    }

    /// <summary>Opens a file (gzip transparently) and returns a reader over it.</summary>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static DelimitedReader Open(string path, char delimiter = ',', bool quoting = true) =>
        new(DataFile.OpenText(path), path, delimiter, quoting);

    /// <summary>Reads the next non-blank record, whose fields the indexer then returns.</summary>
    /// <returns><see langword="false"/> at the end of the file.</returns>
    /// <exception cref="DatasetFormatException">A quoted field is not closed before the end of the file, text follows a closing quote, or a record is longer than <see cref="MaxRecordLength"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public bool Read()
    {
        while (true)
        {
            switch (TryParseRecord())
            {
                case ParseResult.Record:
                    return true;
                case ParseResult.End:
                    _fieldCount = 0;
                    return false;
                case ParseResult.NeedMore:
                    Refill();
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>Reads the next non-blank record into a list of strings (one allocation per field: for headers and small files).</summary>
    /// <param name="fields">Cleared, then filled with the record's fields.</param>
    /// <returns><see langword="false"/> at the end of the file.</returns>
    /// <exception cref="DatasetFormatException">See <see cref="Read"/>.</exception>
    public bool ReadRecord(List<string> fields)
    {
        fields.Clear();
        if (!Read())
        {
            return false;
        }

        for (int f = 0; f < _fieldCount; f++)
        {
            fields.Add(this[f].ToString());
        }

        return true;
    }

    /// <summary>Empties a field of the record last read (for example a format's marker of an unset value).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not less than <see cref="FieldCount"/>.</exception>
    public void ClearField(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_fieldCount, nameof(index));
        _fields[index].Length = 0;
    }

    /// <summary>Splits every field of the record last read that contains <paramref name="separator"/> into its parts, each trimmed of white space.</summary>
    /// <remarks>IoT-23's labelled conn.logs separate their last three fields with three spaces instead of the file's tab.</remarks>
    public void SplitFields(string separator)
    {
        ArgumentException.ThrowIfNullOrEmpty(separator);
        for (int f = _fieldCount - 1; f >= 0; f--)
        {
            Field field = _fields[f];
            int parts = _buffer.AsSpan(field.Start, field.Length).Count(separator) + 1;
            if (parts == 1)
            {
                continue;
            }

            EnsureFieldCapacity(_fieldCount + parts - 1);
            Array.Copy(_fields, f + 1, _fields, f + parts, _fieldCount - f - 1);
            int start = field.Start;
            int end = field.Start + field.Length;
            for (int p = 0; p < parts; p++)
            {
                ReadOnlySpan<char> rest = _buffer.AsSpan(start, end - start);
                int length = p < parts - 1 ? rest.IndexOf(separator) : rest.Length;
                ReadOnlySpan<char> part = rest[..length];
                int lead = part.Length - part.TrimStart().Length;
                _fields[f + p] = new Field { Start = start + lead, Length = part.Trim().Length };
                start += length + separator.Length;
            }

            _fieldCount += parts - 1;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _reader.Dispose();

    // Parses the record at _position if the buffer holds all of it; nothing is committed on NeedMore, so the caller refills and
    // the record is parsed again from its start.
    private ParseResult TryParseRecord()
    {
        char[] buffer = _buffer;
        int end = _length;
        int position = _position;
        bool final = _endOfInput;
        if (position == end)
        {
            return final ? ParseResult.End : ParseResult.NeedMore;
        }

        char first = buffer[position];
        if (first is '\n' or '\r')
        {
            if (first == '\r' && position + 1 == end && !final)
            {
                return ParseResult.NeedMore;
            }

            _position = position + (first == '\r' && position + 1 < end && buffer[position + 1] == '\n' ? 2 : 1);
            _line++;
            return ParseResult.Blank;
        }

        // Locals, so that the JIT keeps them in registers across the stores into the field table.
        char delimiter = _delimiter;
        bool quoting = _quoting;
        Field[] fields = _fields;
        long line = _line;
        int count = 0;
        bool escaped = false;
        int maskStart = -BlockLength;
        uint mask = 0;
        while (true)
        {
            int start;
            int length;
            bool fieldEscaped = false;
            if (quoting && position < end && buffer[position] == '"')
            {
                long openLine = line;
                int q = position + 1;
                while (true)
                {
                    int at = buffer.AsSpan(q, end - q).IndexOf('"');
                    if (at < 0)
                    {
                        return final
                            ? throw Error(openLine, position, count, "a quoted field is not closed before the end of the file")
                            : ParseResult.NeedMore;
                    }

                    line += buffer.AsSpan(q, at).Count('\n');
                    q += at + 1;
                    if (q == end && !final)
                    {
                        return ParseResult.NeedMore;
                    }

                    if (q < end && buffer[q] == '"')
                    {
                        fieldEscaped = true;
                        q++;
                        continue;
                    }

                    break;
                }

                if (q < end && buffer[q] != delimiter && buffer[q] is not ('\n' or '\r'))
                {
                    throw Error(line, q, count, $"unexpected character '{buffer[q]}' after a closing quote");
                }

                start = position + 1;
                length = q - 1 - start;
                position = q;
            }
            else
            {
                // The common case, a stop ahead in the block already scanned, stays inline.
                int offset = position - maskStart;
                uint ahead = (uint)offset < BlockLength ? mask & (uint.MaxValue << offset) : 0;
                int stop;
                if (ahead != 0)
                {
                    stop = maskStart + BitOperations.TrailingZeroCount(ahead);
                }
                else
                {
                    (stop, maskStart, mask) = NextStop(buffer, position, end, maskStart, mask);
                }
                if (stop < 0)
                {
                    if (!final)
                    {
                        return ParseResult.NeedMore;
                    }

                    stop = end;
                }

                start = position;
                length = stop - position;
                position = stop;
            }

            if (count == fields.Length)
            {
                EnsureFieldCapacity(count + 1);
                fields = _fields;
            }

            fields[count++] = new Field { Start = start, Length = length, Escaped = fieldEscaped };
            escaped |= fieldEscaped;
            if (position < end && buffer[position] == delimiter)
            {
                position++;
                continue;
            }

            // A line break ends the record, or the end of the file does (only then is position == end here).
            if (position < end)
            {
                if (buffer[position] == '\r' && position + 1 == end && !final)
                {
                    return ParseResult.NeedMore;
                }

                position += buffer[position] == '\r' && position + 1 < end && buffer[position + 1] == '\n' ? 2 : 1;
                line++;
            }

            RecordLine = _line;
            _line = line;
            _position = position;
            _fieldCount = count;
            if (escaped)
            {
                Unescape();
            }

            return ParseResult.Record;
        }
    }

    // Returns the index of the next delimiter or line break at or after position, or -1 when there is none before end. The
    // stops of a block of BlockLength characters are found at once as a bit mask, which the caller keeps for the next fields,
    // so that a short field costs a few bit operations instead of a search. The mask travels by value: locals passed by
    // reference could not stay in registers in the caller.
    private (int Stop, int MaskStart, uint Mask) NextStop(char[] buffer, int position, int end, int maskStart, uint mask)
    {
        while (true)
        {
            int offset = position - maskStart;
            if ((uint)offset < BlockLength)
            {
                uint ahead = mask & (uint.MaxValue << offset);
                if (ahead != 0)
                {
                    return (maskStart + BitOperations.TrailingZeroCount(ahead), maskStart, mask);
                }

                position = maskStart + BlockLength;
            }

            if (end - position < BlockLength)
            {
                int at = buffer.AsSpan(position, end - position).IndexOfAny(_delimiter, '\n', '\r');
                return (at < 0 ? -1 : position + at, maskStart, mask);
            }

            ReadOnlySpan<ushort> block = MemoryMarshal.Cast<char, ushort>(buffer.AsSpan(position, BlockLength));
            Vector128<ushort> low = Vector128.Create(block);
            Vector128<ushort> high = Vector128.Create(block[Vector128<ushort>.Count..]);
            Vector128<ushort> lineFeeds = Vector128.Create((ushort)'\n');
            Vector128<ushort> carriageReturns = Vector128.Create((ushort)'\r');
            Vector128<ushort> lowStops = Vector128.Equals(low, _delimiters) | Vector128.Equals(low, lineFeeds) | Vector128.Equals(low, carriageReturns);
            Vector128<ushort> highStops = Vector128.Equals(high, _delimiters) | Vector128.Equals(high, lineFeeds) | Vector128.Equals(high, carriageReturns);
            mask = Vector128.Narrow(lowStops, highStops).ExtractMostSignificantBits();
            maskStart = position;
        }
    }

    // Turns the doubled quotes of escaped fields into single ones, in place (the text only shrinks).
    private void Unescape()
    {
        for (int f = 0; f < _fieldCount; f++)
        {
            ref Field field = ref _fields[f];
            if (!field.Escaped)
            {
                continue;
            }

            Span<char> text = _buffer.AsSpan(field.Start, field.Length);
            int written = 0;
            for (int r = 0; r < text.Length; r++)
            {
                text[written++] = text[r];
                if (text[r] == '"')
                {
                    r++;
                }
            }

            field.Length = written;
            field.Escaped = false;
        }
    }

    private void Refill()
    {
        if (_position > 0)
        {
            _buffer.AsSpan(_position, _length - _position).CopyTo(_buffer);
            _length -= _position;
            _position = 0;
        }
        else if (_length == _buffer.Length)
        {
            if (_buffer.Length >= MaxRecordLength)
            {
                throw new DatasetFormatException(_filePath, _line, null, $"the record is longer than {MaxRecordLength:N0} characters (is a quote not closed?)");
            }

            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        int read = _reader.Read(_buffer, _length, _buffer.Length - _length);
        _endOfInput = read == 0;
        _length += read;
    }

    private void EnsureFieldCapacity(int count)
    {
        if (count > _fields.Length)
        {
            Array.Resize(ref _fields, Math.Max(count, _fields.Length * 2));
        }
    }

    // Names the character (1-based within its line) and the field (1-based) of a place in the record being parsed.
    private DatasetFormatException Error(long line, int index, int field, string problem)
    {
        int lineStart = _buffer.AsSpan(_position, index - _position).LastIndexOfAny('\n', '\r') + 1;
        int character = index - _position - lineStart + 1;
        return new DatasetFormatException(_filePath, line, null, $"character {character} (field {field + 1}): {problem}");
    }

    private struct Field
    {
        public int Start;
        public int Length;
        public bool Escaped;
    }
}
