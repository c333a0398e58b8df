using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace EdgeLstm.Features.Flows;

/// <summary>Follows a growing flow log like <c>tail -F</c>: from its end (or start), waiting for a file that does not
/// exist yet, and surviving rotation: Zeek renames conn.log every hour and starts a new one, which is then read from its
/// start; a log truncated in place is read again from its start.</summary>
/// <remarks>A line is returned only once its newline has been written. A line with an invalid field is counted and
/// reported, never fatal; a header without the required columns is. Not thread-safe.</remarks>
public sealed class FlowLogFollower
{
    private readonly string _path;
    private readonly FlowFollowOptions _options;

    /// <summary>Initializes a follower of one log path.</summary>
    /// <param name="path">The log file (it may not exist yet).</param>
    /// <param name="options">How to follow; defaults when null.</param>
    public FlowLogFollower(string path, FlowFollowOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = Path.GetFullPath(path);
        _options = options ?? new FlowFollowOptions();
        Parser = new FlowLineParser(_path, _options.MalformedLine);
    }

    /// <summary>Gets the number of data lines skipped because a field was invalid.</summary>
    public long MalformedLines => Parser.MalformedLines;

    /// <summary>Gets the number of records returned.</summary>
    public long RecordsRead => Parser.RecordsRead;

    /// <summary>Gets the number of times the log was found rotated or truncated and read again from a new start.</summary>
    public long Reopened { get; private set; }

    /// <summary>Gets the parser, which holds the counters.</summary>
    internal FlowLineParser Parser { get; }

    /// <summary>Returns the records written to the log, as they are written, until cancelled.</summary>
    /// <param name="cancellationToken">Ends the enumeration (without an exception) when cancelled.</param>
    /// <returns>The records in log order.</returns>
    /// <exception cref="FlowLogFormatException">A header lacks a required column.</exception>
    public async IAsyncEnumerable<FlowRecord> FollowAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        bool first = true;
        while (await OpenWhenPresentAsync(first, cancellationToken).ConfigureAwait(false) is (FileStream stream, bool waited))
        {
            // Only a file found at start has a backlog to pass over; a rotated one, or one created later, is new and read whole.
            bool catchingUp = first && !waited && !_options.FromStart;
            _options.Opened?.Invoke(_path, !first);
            first = false;
            Parser.Reset();
            string identity = Identity(stream);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var pending = new StringBuilder();
            char[] buffer = new char[FlowLogReader.CharBufferSize];
            bool replaced = false;
            while (!cancellationToken.IsCancellationRequested)
            {
                int read = await reader.ReadAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
                if (read > 0)
                {
                    foreach (string line in FlowLogReader.SplitLines(buffer.AsSpan(0, read), pending))
                    {
                        if (Parser.Parse(line, headerOnly: catchingUp) is FlowRecord record)
                        {
                            yield return record;
                        }
                    }

                    continue;
                }

                catchingUp = false;
                if (replaced)
                {
                    // The old file has been read to its end after it was replaced: a last line without newline is all it had.
                    if (pending.Length > 0 && Parser.Parse(pending.ToString()) is FlowRecord last)
                    {
                        yield return last;
                    }

                    break;
                }

                if (stream.Length < stream.Position)
                {
                    // Truncated in place (copytruncate): start over, expecting a new header.
                    stream.Position = 0;
                    reader.DiscardBufferedData();
                    pending.Clear();
                    Parser.Reset();
                    Reopened++;
                    _options.Opened?.Invoke(_path, true);
                    continue;
                }

                if (IsReplaced(stream, identity))
                {
                    // Read once more: lines written between the last read and the rename are still in the old file.
                    replaced = true;
                    Reopened++;
                    continue;
                }

                try
                {
                    await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private async Task<(FileStream Stream, bool Waited)?> OpenWhenPresentAsync(bool first, CancellationToken cancellationToken)
    {
        for (bool waited = false; !cancellationToken.IsCancellationRequested; waited = true)
        {
            try
            {
                return (FlowLogReader.OpenShared(_path), waited);
            }
            catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
            {
                // Between a rotation's rename and the new file, or before the logger first writes: wait like tail -F.
                if (first && !waited)
                {
                    _options.Missing?.Invoke(_path);
                }
            }

            try
            {
                await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return null;
    }

    /// <summary>Returns whether the path no longer names the open file: renamed or deleted (rotation), or replaced by a
    /// smaller file on a system without <c>/proc</c>.</summary>
    private bool IsReplaced(FileStream stream, string identity)
    {
        if (identity.Length > 0 && Identity(stream) != identity)
        {
            return true;
        }

        var current = new FileInfo(_path);
        return !current.Exists || current.Length < stream.Position;
    }

    /// <summary>Returns where the open file is now: Linux's <c>/proc/self/fd</c> link follows a rename and marks a delete,
    /// and, unlike the configured path, already resolves symbolic links (Zeek's logs/current is one).</summary>
    private static string Identity(FileStream stream)
    {
        string link = "/proc/self/fd/" + stream.SafeFileHandle.DangerousGetHandle().ToString(CultureInfo.InvariantCulture);
        try
        {
            return new FileInfo(link).LinkTarget ?? string.Empty;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
