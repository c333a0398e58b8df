using System.Text;

namespace EdgeLstm.Features.Flows;

/// <summary>Reads connection records from a Zeek conn.log (TSV with <c>#fields</c>, also the IoT-23
/// <c>.labeled</c> variant), from Zeek's CSV form, or from a generic flow CSV whose header uses common
/// column names, or from Zeek's JSON logs (one object per line); can follow a growing log like <c>tail -F</c>.</summary>
/// <remarks>A line that cannot be parsed is skipped and counted in <see cref="MalformedLines"/>; a missing
/// or unusable header is fatal. Not thread-safe.</remarks>
public sealed class FlowLogReader
{
    internal const int CharBufferSize = 1 << 14;

    private readonly string _path;
    private FlowLineParser? _parser;

    /// <summary>Initializes a reader for a log file.</summary>
    /// <param name="path">The log file.</param>
    public FlowLogReader(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = path;
    }

    /// <summary>Gets or sets the receiver of each skipped line's problem (message <c>file:line: problem</c>); it may throw
    /// to make a malformed line fatal. Null only counts.</summary>
    public Action<FlowLogFormatException>? MalformedLine { get; init; }

    /// <summary>Gets the number of data lines skipped because a field was invalid.</summary>
    public long MalformedLines => _parser?.MalformedLines ?? 0;

    /// <summary>Gets the number of records returned.</summary>
    public long RecordsRead => _parser?.RecordsRead ?? 0;

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
        var parser = new FlowLineParser(_path, MalformedLine);
        _parser = parser;
        using var reader = new StreamReader(OpenShared(_path), Encoding.UTF8);
        var pending = new StringBuilder();
        char[] buffer = new char[CharBufferSize];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            foreach (string line in SplitLines(buffer.AsSpan(0, read), pending))
            {
                if (parser.Parse(line) is FlowRecord record)
                {
                    yield return record;
                }
            }
        }

        if (pending.Length > 0 && parser.Parse(pending.ToString()) is FlowRecord last)
        {
            yield return last;
        }
    }

    /// <summary>Reads the log from its start and then follows it like <c>tail -F</c> until cancelled (see
    /// <see cref="FlowLogFollower"/>, which can also start at the end).</summary>
    /// <param name="cancellationToken">Ends the enumeration (without an exception) when cancelled.</param>
    /// <param name="pollInterval">How long to wait at the end of the file; default 250 ms.</param>
    /// <returns>The records as they are written.</returns>
    /// <exception cref="FlowLogFormatException">The log has no usable header.</exception>
    public IAsyncEnumerable<FlowRecord> FollowAsync(CancellationToken cancellationToken, TimeSpan? pollInterval = null)
    {
        var follower = new FlowLogFollower(_path, new FlowFollowOptions { FromStart = true, PollInterval = pollInterval ?? FlowFollowOptions.DefaultPollInterval, MalformedLine = MalformedLine });
        _parser = follower.Parser;
        return follower.FollowAsync(cancellationToken);
    }

    /// <summary>Opens a log for reading while its writer appends, renames or deletes it.</summary>
    internal static FileStream OpenShared(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);

    /// <summary>Appends a chunk to <paramref name="pending"/> and returns the lines it completes, without their newlines.</summary>
    internal static List<string> SplitLines(ReadOnlySpan<char> chunk, StringBuilder pending)
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
