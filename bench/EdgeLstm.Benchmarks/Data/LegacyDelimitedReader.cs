using System.Buffers;
using System.Text;
using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Benchmarks.Data;

/// <summary>The delimited reader of main @ dcfa462, kept only as the benchmark's baseline: reads delimited records (RFC 4180 quoting: fields in double quotes may hold delimiters, line breaks and doubled quotes) from a stream, one record at a time.</summary>
/// <remarks>Blank lines are skipped. Quoting can be switched off for formats such as Zeek's TSV, where a double quote is ordinary data.</remarks>
internal sealed class LegacyDelimitedReader : IDisposable
{
    private readonly TextReader _reader;
    private readonly string _filePath;
    private readonly char _delimiter;
    private readonly bool _quoting;
    private readonly StringBuilder _field = new();
    private readonly char[] _buffer = new char[1 << 16];
    private readonly SearchValues<char> _stops;
    private int _length;
    private int _position;
    private long _line = 1;

    /// <summary>Initializes a reader over an open text reader, which it disposes.</summary>
    /// <param name="reader">The text to read.</param>
    /// <param name="filePath">The file name used in error messages.</param>
    /// <param name="delimiter">The field delimiter.</param>
    /// <param name="quoting">Whether double quotes delimit fields (RFC 4180).</param>
    public LegacyDelimitedReader(TextReader reader, string filePath, char delimiter = ',', bool quoting = true)
    {
        _reader = reader;
        _filePath = filePath;
        _delimiter = delimiter;
        _quoting = quoting;
        _stops = SearchValues.Create(quoting ? [delimiter, '\n', '\r', '"'] : [delimiter, '\n', '\r']);
    }

    /// <summary>Gets the file name used in error messages.</summary>
    public string FilePath => _filePath;

    /// <summary>Gets the 1-based physical line on which the record last returned starts.</summary>
    public long RecordLine { get; private set; }

    /// <summary>Opens a file (gzip transparently) and returns a reader over it.</summary>
    public static LegacyDelimitedReader Open(string path, char delimiter = ',', bool quoting = true) =>
        new(DataFile.OpenText(path), path, delimiter, quoting);

    /// <summary>Reads the next non-blank record.</summary>
    /// <param name="fields">Cleared, then filled with the record's fields.</param>
    /// <returns><see langword="false"/> at the end of the file.</returns>
    /// <exception cref="DatasetFormatException">A quoted field is not closed before the end of the file, or text follows a closing quote.</exception>
    public bool ReadRecord(List<string> fields)
    {
        while (true)
        {
            fields.Clear();
            if (!Fill())
            {
                return false;
            }

            RecordLine = _line;
            bool blank = ReadFields(fields);
            if (!blank)
            {
                return true;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _reader.Dispose();

    // Reads one record's fields; returns true when the line was blank.
    private bool ReadFields(List<string> fields)
    {
        _field.Clear();
        bool any = false;
        while (Fill())
        {
            // Copy the run of ordinary characters up to the next delimiter, line break or quote in one step.
            ReadOnlySpan<char> rest = _buffer.AsSpan(_position, _length - _position);
            int stop = rest.IndexOfAny(_stops);
            if (stop != 0)
            {
                int run = stop < 0 ? rest.Length : stop;
                _field.Append(rest[..run]);
                _position += run;
                any = true;
                continue;
            }

            char c = _buffer[_position];
            if (c == '\n' || c == '\r')
            {
                ConsumeLineBreak();
                if (!any && _field.Length == 0)
                {
                    return true;
                }

                fields.Add(_field.ToString());
                return false;
            }

            any = true;
            _position++;
            if (c == '"' && _field.Length == 0)
            {
                ReadQuoted();
            }
            else if (c == _delimiter)
            {
                fields.Add(_field.ToString());
                _field.Clear();
            }
            else
            {
                // A quote inside an unquoted field is data.
                _field.Append(c);
            }
        }

        if (!any && _field.Length == 0)
        {
            return true;
        }

        fields.Add(_field.ToString());
        return false;
    }

    private void ReadQuoted()
    {
        long start = _line;
        while (true)
        {
            if (!Fill())
            {
                throw new DatasetFormatException(_filePath, start, null, "a quoted field is not closed before the end of the file");
            }

            char c = _buffer[_position++];
            if (c == '"')
            {
                if (Fill() && _buffer[_position] == '"')
                {
                    _field.Append('"');
                    _position++;
                    continue;
                }

                if (Fill() && _buffer[_position] != _delimiter && _buffer[_position] != '\n' && _buffer[_position] != '\r')
                {
                    throw new DatasetFormatException(_filePath, _line, null, $"unexpected character '{_buffer[_position]}' after a closing quote");
                }

                return;
            }

            if (c == '\n')
            {
                _line++;
            }

            _field.Append(c);
        }
    }

    private void ConsumeLineBreak()
    {
        char c = _buffer[_position++];
        if (c == '\r' && Fill() && _buffer[_position] == '\n')
        {
            _position++;
        }

        _line++;
    }

    private bool Fill()
    {
        if (_position < _length)
        {
            return true;
        }

        _length = _reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        return _length > 0;
    }
}
