using EdgeLstm.EdgeAgent.Outbox;

namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>The real journal files, with a switch that makes every write fail as a full disk does: the first half of the
/// bytes lands, then ENOSPC (and fsync, create and rename fail too).</summary>
internal sealed class FaultyJournalStorage : IJournalStorage
{
    private const int NoSpace = 28;

    public bool Full { get; set; }

    public int FailedWrites { get; private set; }

    public IJournalFile Open(string path, bool create)
    {
        if (Full && create)
        {
            Fail();
        }

        return new File(this, FileJournalStorage.Instance.Open(path, create));
    }

    public void Replace(string source, string destination)
    {
        if (Full)
        {
            Fail();
        }

        FileJournalStorage.Instance.Replace(source, destination);
    }

    private void Fail()
    {
        FailedWrites++;
        throw new IOException("No space left on device", NoSpace);
    }

    private sealed class File(FaultyJournalStorage owner, IJournalFile inner) : IJournalFile
    {
        public long Length => inner.Length;

        public void Append(ReadOnlySpan<byte> bytes)
        {
            if (owner.Full)
            {
                inner.Append(bytes[..(bytes.Length / 2)]);
                owner.Fail();
            }

            inner.Append(bytes);
        }

        public void Flush(bool toDisk)
        {
            if (owner.Full && toDisk)
            {
                owner.Fail();
            }

            inner.Flush(toDisk);
        }

        public void Truncate(long length) => inner.Truncate(length);

        public void Dispose() => inner.Dispose();
    }
}
