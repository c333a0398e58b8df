using System.Runtime.CompilerServices;
using System.Text;

namespace EdgeLstm.Features.Flows;

/// <summary>Reads connection records from a Zeek conn.log (TSV with <c>#fields</c>, also the IoT-23
/// <c>.labeled</c> variant), from Zeek's CSV form, or from a generic flow CSV whose header uses common
/// column names; can follow a growing log like <c>tail -f</c>.</summary>
/// <remarks>A line that cannot be parsed is skipped and counted in <see cref="MalformedLines"/>; a missing
/// or unusable header is fatal. Not thread-safe.</remarks>
public sealed class FlowLogReader
{
    private const int CharBufferSize = 1 << 14;

    private readonly string _path;
    private FlowColumnMap? _map;
    private char _separator = ',';
    private bool _isZeek;
    private long _lineNumber;

    /// <summary>Initializes a reader for a log file.</summary>
    /// <param name="path">The log file.</param>
    public FlowLogReader(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
    }

    /// <summary>Gets the number of data lines skipped because a field was invalid.</summary>
    public long MalformedLines { get; private set; }

    /// <summary>Gets the number of records returned.</summary>
    public long RecordsRead { get; private set; }

    /// <summary>Reads every record of a log file.</summary>
    /// <param name="path">The log file.</param>
    /// <returns>The records in file order.</returns>
    /// <exception cref="FlowLogFormatException">The log has no usable header.</exception>
    public static IReadOnlyList<FlowRecord> ReadFile(string path) => [.. new FlowLogReader(path).ReadAll()];

    /// <summary>Reads the log from its start to its current end.</summary>
    /// <returns>The records, lazily, in file order.</returns>
    /// <exception cref="FlowLogFormatException">The log has no usable header.</exception>
    public IEnumerable<FlowRecord> ReadAll()
    {
        Reset();
        using var reader = new StreamReader(OpenShared(), Encoding.UTF8);
        var pending = new StringBuilder();
        char[] buffer = new char[CharBufferSize];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            foreach (string line in SplitLines(buffer.AsSpan(0, read), pending))
            {
                if (ProcessLine(line) is FlowRecord record)
                {
                    yield return record;
                }
            }
        }

        if (pending.Length > 0 && ProcessLine(pending.ToString()) is FlowRecord last)
        {
            yield return last;
        }
    }

    /// <summary>Reads the log and then waits for lines appended to it, like <c>tail -f</c>, until cancelled.
    /// A line is returned only once its newline has been written; a truncated (rotated) log is read again
    /// from its start.</summary>
    /// <param name="cancellationToken">Ends the enumeration (without an exception) when cancelled.</param>
    /// <param name="pollInterval">How long to wait at the end of the file; default 250 ms.</param>
    /// <returns>The records as they are written.</returns>
    /// <exception cref="FlowLogFormatException">The log has no usable header.</exception>
    public async IAsyncEnumerable<FlowRecord> FollowAsync(
        [EnumeratorCancellation] CancellationToken cancellationToken,
        TimeSpan? pollInterval = null)
    {
        TimeSpan delay = pollInterval ?? TimeSpan.FromMilliseconds(250);
        Reset();
        FileStream stream = OpenShared();
        var reader = new StreamReader(stream, Encoding.UTF8);
        var pending = new StringBuilder();
        char[] buffer = new char[CharBufferSize];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                int read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                if (read > 0)
                {
                    foreach (string line in SplitLines(buffer.AsSpan(0, read), pending))
                    {
                        if (ProcessLine(line) is FlowRecord record)
                        {
                            yield return record;
                        }
                    }

                    continue;
                }

                if (stream.Length < stream.Position)
                {
                    // The log was truncated or rotated in place: start over, expecting a new header.
                    stream.Position = 0;
                    reader.DiscardBufferedData();
                    pending.Clear();
                    Reset();
                    continue;
                }

                try
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        finally
        {
            reader.Dispose();
        }
    }

    private FileStream OpenShared() =>
        new(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);

    private void Reset()
    {
        _map = null;
        _separator = ',';
        _isZeek = false;
        _lineNumber = 0;
    }

    private static List<string> SplitLines(ReadOnlySpan<char> chunk, StringBuilder pending)
    {
        var lines = new List<string>();
        int newline;
        while ((newline = chunk.IndexOf('\n')) >= 0)
        {
            pending.Append(chunk[..newline]);
            lines.Add(pending.ToString().TrimEnd('\r'));
            pending.Clear();
            chunk = chunk[(newline + 1)..];
        }

        pending.Append(chunk);
        return lines;
    }

    private FlowRecord? ProcessLine(string line)
    {
        _lineNumber++;
        if (line.Length == 0)
        {
            return null;
        }

        if (line[0] == '#')
        {
            ProcessDirective(line);
            return null;
        }

        if (_map is null)
        {
            // No #fields: the first line is a CSV header.
            _map = FlowColumnMap.Create(SplitCsv(line), out string? problem)
                ?? throw new FlowLogFormatException(_path, _lineNumber, problem!);
            return null;
        }

        List<string> fields = _isZeek ? SplitZeek(line) : SplitCsv(line);
        FlowRecord? record = _map.Parse(fields, out _);
        if (record is null)
        {
            MalformedLines++;
            return null;
        }

        RecordsRead++;
        return record;
    }

    private void ProcessDirective(string line)
    {
        _isZeek = true;
        if (line.StartsWith("#separator ", StringComparison.Ordinal))
        {
            string value = line["#separator ".Length..].Trim();
            _separator = value.StartsWith("\\x", StringComparison.Ordinal) && value.Length == 4
                ? (char)Convert.ToInt32(value[2..], 16)
                : value.Length > 0 ? value[0] : '\t';
        }
        else if (line.StartsWith("#fields", StringComparison.Ordinal))
        {
            if (_separator == ',')
            {
                _separator = '\t';
            }

            List<string> names = SplitZeek(line);
            names.RemoveAt(0);
            _map = FlowColumnMap.Create(names, out string? problem)
                ?? throw new FlowLogFormatException(_path, _lineNumber, problem!);
        }
    }

    /// <summary>Splits a Zeek line; IoT-23's labelled logs separate their last columns with runs of spaces.</summary>
    private List<string> SplitZeek(string line)
    {
        var fields = new List<string>();
        foreach (string field in line.Split(_separator))
        {
            if (field.Contains("   ", StringComparison.Ordinal))
            {
                fields.AddRange(field.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
            else
            {
                fields.Add(field);
            }
        }

        return fields;
    }

    /// <summary>Splits one CSV line (RFC 4180 quoting, no embedded newlines).</summary>
    internal static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
