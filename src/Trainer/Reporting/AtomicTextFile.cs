using System.Text;

namespace EdgeLstm.Trainer.Reporting;

/// <summary>Writes a text file so that no partial file is ever left: the text goes to a temporary file in the same
/// folder, which <see cref="Commit"/> flushes to disk and renames over the target; disposed without a commit (an
/// exception on the way), the temporary file is deleted and the target is left as it was.</summary>
internal sealed class AtomicTextFile : IDisposable
{
    private readonly string _path;
    private readonly string _temporary;
    private readonly FileStream _stream;
    private bool _done;

    private AtomicTextFile(string path)
    {
        _path = Path.GetFullPath(path);
        _temporary = Path.Combine(Path.GetDirectoryName(_path)!, $".{Path.GetFileName(_path)}.{Environment.ProcessId}.tmp");
        _stream = new FileStream(_temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Writer = new StreamWriter(_stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true);
    }

    /// <summary>Gets the writer of the text (UTF-8 without a byte-order mark).</summary>
    public TextWriter Writer { get; }

    /// <summary>Starts writing a file.</summary>
    /// <exception cref="IOException">The temporary file cannot be created.</exception>
    public static AtomicTextFile Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new AtomicTextFile(path);
    }

    /// <summary>Writes a whole text file atomically.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteAllText(string path, string contents)
    {
        using AtomicTextFile file = Create(path);
        file.Writer.Write(contents);
        file.Commit();
    }

    /// <summary>Flushes the text to disk and renames the temporary file over the target.</summary>
    /// <exception cref="IOException">The file cannot be written or renamed.</exception>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        Writer.Flush();
        _stream.Flush(flushToDisk: true);
        Writer.Dispose();
        _stream.Dispose();
        File.Move(_temporary, _path, overwrite: true);
        _done = true;
    }

    /// <summary>Deletes the temporary file unless <see cref="Commit"/> renamed it.</summary>
    public void Dispose()
    {
        if (_done)
        {
            return;
        }

        _done = true;
        Writer.Dispose();
        _stream.Dispose();
        File.Delete(_temporary);
    }
}
