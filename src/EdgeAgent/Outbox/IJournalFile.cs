namespace EdgeLstm.EdgeAgent.Outbox;

/// <summary>A journal file open for appending.</summary>
internal interface IJournalFile : IDisposable
{
    /// <summary>Gets the file's length.</summary>
    long Length { get; }

    /// <summary>Appends bytes at the end of the file.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <exception cref="IOException">The write failed (for example, the disk is full); part of the bytes may be written.</exception>
    void Append(ReadOnlySpan<byte> bytes);

    /// <summary>Flushes the file to the kernel, and to the disk when <paramref name="toDisk"/> (fsync).</summary>
    /// <param name="toDisk">Whether to wait for the disk.</param>
    /// <exception cref="IOException">The flush failed; what was written may not be on the disk.</exception>
    void Flush(bool toDisk);

    /// <summary>Cuts the file to <paramref name="length"/> bytes.</summary>
    /// <param name="length">The new length.</param>
    /// <exception cref="IOException">The truncation failed.</exception>
    void Truncate(long length);
}
