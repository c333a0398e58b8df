namespace EdgeLstm.EdgeAgent.Outbox;

/// <summary>The journal's files on the local file system.</summary>
internal sealed class FileJournalStorage : IJournalStorage
{
    /// <summary>Gets the shared instance.</summary>
    public static FileJournalStorage Instance { get; } = new();

    /// <inheritdoc/>
    public IJournalFile Open(string path, bool create) => new File(path, create);

    /// <inheritdoc/>
    public void Replace(string source, string destination)
    {
        System.IO.File.Move(source, destination, overwrite: true);
        DirectorySync.Flush(Path.GetDirectoryName(destination)!);
    }

    private sealed class File : IJournalFile
    {
        private readonly FileStream _stream;

        public File(string path, bool create)
        {
            // bufferSize 0: every record reaches the kernel in one write call, never split by a buffer.
            _stream = new FileStream(path, create ? FileMode.Create : FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0);
            _ = _stream.Seek(0, SeekOrigin.End);
        }

        public long Length => _stream.Length;

        public void Append(ReadOnlySpan<byte> bytes)
        {
            // After a failed write the stream's position may be anywhere: always write at the end.
            _ = _stream.Seek(0, SeekOrigin.End);
            _stream.Write(bytes);
        }

        public void Flush(bool toDisk) => _stream.Flush(toDisk);

        public void Truncate(long length)
        {
            _stream.SetLength(length);
            _ = _stream.Seek(0, SeekOrigin.End);
        }

        public void Dispose() => _stream.Dispose();
    }
}
