namespace EdgeLstm.Trainer.Reporting;

/// <summary>Writes output files so that no partial file is ever left: the content goes to a temporary file in the same
/// folder, is flushed to disk and renamed over the target; on any error the temporary file is deleted and the target is
/// left as it was.</summary>
internal static class AtomicFile
{
    /// <summary>Writes text (UTF-8, no byte-order mark) to a file atomically.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteAllText(string path, string contents) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(contents);
        });

    /// <summary>Writes a file atomically through a callback that writes the whole content to a stream.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the content; an exception it throws leaves no file behind.</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
