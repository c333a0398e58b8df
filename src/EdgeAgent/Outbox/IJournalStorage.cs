namespace EdgeLstm.EdgeAgent.Outbox;

/// <summary>The file operations the journal writes through, so tests can make the disk fail (ENOSPC, EIO) on demand.</summary>
internal interface IJournalStorage
{
    /// <summary>Opens a file for appending; every <see cref="IJournalFile.Append"/> reaches the kernel in one write call.</summary>
    /// <param name="path">The file.</param>
    /// <param name="create">Whether to create the file anew (emptied if it exists) rather than open an existing one.</param>
    /// <returns>The open file.</returns>
    /// <exception cref="IOException">The file cannot be opened or created.</exception>
    /// <exception cref="UnauthorizedAccessException">The service user may not write it.</exception>
    IJournalFile Open(string path, bool create);

    /// <summary>Renames <paramref name="source"/> over <paramref name="destination"/> and flushes the directory, so the rename
    /// survives a power cut.</summary>
    /// <param name="source">The new file.</param>
    /// <param name="destination">The file it replaces.</param>
    /// <exception cref="IOException">The rename or the directory flush failed.</exception>
    void Replace(string source, string destination);
}
