using System.Text;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Outbox;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeLstm.EdgeAgent.Tests.Outbox;

public sealed class JournalOutboxTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeLogCollector _logs = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Append_ThenReopen_KeepsUnacknowledgedInOrderWithOriginalIdsAndBytes()
    {
        OutboxEntry[] entries = CreateEntries(5, seed: 1);
        using (JournalOutbox outbox = Open())
        {
            foreach (OutboxEntry entry in entries)
            {
                outbox.Append(entry);
            }

            Assert.True(outbox.Acknowledge(entries[1].Id));
            Assert.True(outbox.Acknowledge(entries[3].Id));
        }

        using JournalOutbox reopened = Open();
        IReadOnlyList<OutboxEntry> pending = reopened.GetPending();

        Assert.Equal([entries[0].Id, entries[2].Id, entries[4].Id], pending.Select(e => e.Id));
        Assert.Equal(entries[2].Payload.ToArray(), pending[1].Payload.ToArray());
        Assert.Equal(3, reopened.Count);
    }

    [Fact]
    public void Acknowledge_UnknownOrRepeatedId_ReturnsFalse()
    {
        using JournalOutbox outbox = Open();
        OutboxEntry entry = CreateEntries(1, seed: 2)[0];
        outbox.Append(entry);

        Assert.True(outbox.Acknowledge(entry.Id));
        Assert.False(outbox.Acknowledge(entry.Id));
        Assert.False(outbox.Acknowledge(Guid.CreateVersion7()));
        Assert.Equal(0, outbox.Count);
    }

    [Fact]
    public void Append_DuplicateIdOrOversizedPayload_Throws()
    {
        using JournalOutbox outbox = Open(o => o.MaxRecordBytes = 256);
        OutboxEntry entry = CreateEntries(1, seed: 3)[0];
        outbox.Append(entry);

        Assert.Throws<ArgumentException>(() => outbox.Append(entry));
        Assert.Throws<ArgumentException>(() => outbox.Append(new OutboxEntry(Guid.CreateVersion7(), new byte[257])));
        Assert.Throws<ArgumentException>(() => outbox.Append(new OutboxEntry(Guid.CreateVersion7(), Array.Empty<byte>())));
        Assert.Equal(1, outbox.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(30)]
    public void Open_TornLastAppend_DropsOnlyThatRecordAndKeepsWorking(int bytesCut)
    {
        OutboxEntry[] entries = CreateEntries(3, seed: 4);
        string path;
        using (JournalOutbox outbox = Open())
        {
            path = outbox.JournalPath;
            foreach (OutboxEntry entry in entries)
            {
                outbox.Append(entry);
            }
        }

        long intact = new FileInfo(path).Length - JournalFormat.Current.RecordSize(entries[2].Payload.Length);
        using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(file.Length - bytesCut);
        }

        using (JournalOutbox recovered = Open())
        {
            Assert.Equal([entries[0].Id, entries[1].Id], recovered.GetPending().Select(e => e.Id));
            Assert.Equal(intact, new FileInfo(path).Length);
            recovered.Append(entries[2]);
        }

        using JournalOutbox again = Open();
        Assert.Equal(entries.Select(e => e.Id), again.GetPending().Select(e => e.Id));
        Assert.Contains(_logs.GetSnapshot(), e => e.Id.Id == 1001 && e.Level == LogLevel.Warning);
    }

    [Fact]
    public void Open_CorruptedLastRecord_IsDetectedByCrcAndDropped()
    {
        OutboxEntry[] entries = CreateEntries(2, seed: 5);
        string path;
        using (JournalOutbox outbox = Open())
        {
            path = outbox.JournalPath;
            outbox.Append(entries[0]);
            outbox.Append(entries[1]);
        }

        byte[] bytes = File.ReadAllBytes(path);
        bytes[^3] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        using JournalOutbox recovered = Open();

        Assert.Equal([entries[0].Id], recovered.GetPending().Select(e => e.Id));
    }

    [Fact]
    public void Open_GarbageAfterLastRecord_IsTruncated()
    {
        OutboxEntry entry = CreateEntries(1, seed: 6)[0];
        string path;
        using (JournalOutbox outbox = Open())
        {
            path = outbox.JournalPath;
            outbox.Append(entry);
        }

        long good = new FileInfo(path).Length;
        using (var file = new FileStream(path, FileMode.Append))
        {
            file.Write([0xFF, 0xFF, 0xFF, 0x7F, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        }

        using JournalOutbox recovered = Open();

        Assert.Equal([entry.Id], recovered.GetPending().Select(e => e.Id));
        Assert.Equal(good, new FileInfo(path).Length);
    }

    [Fact]
    public void Open_UnknownHeader_MovesFileAsideAndStartsEmpty()
    {
        Directory.CreateDirectory(_temp.Combine("outbox"));
        File.WriteAllText(_temp.Combine("outbox", JournalOutbox.FileName), "this is not a journal");

        using JournalOutbox outbox = Open();

        Assert.Equal(0, outbox.Count);
        Assert.Single(Directory.GetFiles(_temp.Combine("outbox"), JournalOutbox.FileName + ".corrupt-*"));
        Assert.Contains(_logs.GetSnapshot(), e => e.Id.Id == 1004);
    }

    [Fact]
    public void Append_BeyondMaxBytes_DropsOldestCountsAndLogs()
    {
        // 10 payloads of 300 bytes against a 1000-byte cap: only the newest 3 fit.
        OutboxEntry[] entries = CreateEntries(10, seed: 7, payloadLength: 300);
        using (JournalOutbox outbox = Open(o => { o.MaxBytes = 1000; o.MaxRecordBytes = 300; }))
        {
            foreach (OutboxEntry entry in entries)
            {
                outbox.Append(entry);
            }

            Assert.Equal(entries[^3..].Select(e => e.Id), outbox.GetPending().Select(e => e.Id));
            Assert.Equal(7, outbox.DroppedCount);
            Assert.Equal(7, _logs.GetSnapshot().Count(e => e.Id.Id == 1002 && e.Level == LogLevel.Warning));
        }

        using JournalOutbox reopened = Open(o => { o.MaxBytes = 1000; o.MaxRecordBytes = 300; });
        Assert.Equal(entries[^3..].Select(e => e.Id), reopened.GetPending().Select(e => e.Id));
    }

    [Fact]
    public void Acknowledge_ManyRecords_CompactsJournalAndKeepsPending()
    {
        OutboxEntry[] entries = CreateEntries(200, seed: 8, payloadLength: 200);
        string path;
        using (JournalOutbox outbox = Open(o => o.CompactionThresholdBytes = 4096))
        {
            path = outbox.JournalPath;
            foreach (OutboxEntry entry in entries)
            {
                outbox.Append(entry);
                if (entry != entries[57] && entry != entries[199])
                {
                    Assert.True(outbox.Acknowledge(entry.Id));
                }
            }

            Assert.Equal([entries[57].Id, entries[199].Id], outbox.GetPending().Select(e => e.Id));

            // Without compaction the journal would hold 200 appends and 198 acknowledgements (~50 KB).
            Assert.True(new FileInfo(path).Length < 4096 + (3 * JournalFormat.Current.RecordSize(200)), $"journal is {new FileInfo(path).Length} bytes");
            Assert.Contains(_logs.GetSnapshot(), e => e.Id.Id == 1003);
        }

        Assert.False(File.Exists(path + ".tmp"));
        using JournalOutbox reopened = Open();
        Assert.Equal([entries[57].Id, entries[199].Id], reopened.GetPending().Select(e => e.Id));
        Assert.Equal(entries[199].Payload.ToArray(), reopened.GetPending()[1].Payload.ToArray());
    }

    [Fact]
    public void Open_LeftoverCompactionFile_IsIgnoredAndRemoved()
    {
        OutboxEntry entry = CreateEntries(1, seed: 9)[0];
        using (JournalOutbox outbox = Open())
        {
            outbox.Append(entry);
        }

        string leftover = _temp.Combine("outbox", JournalOutbox.FileName + ".tmp");
        File.WriteAllText(leftover, "half-written compaction");

        using JournalOutbox reopened = Open();

        Assert.Equal([entry.Id], reopened.GetPending().Select(e => e.Id));
        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public void Append_RandomAppendAckSequence_ReopenMatchesModel()
    {
        var random = new Random(424242);
        var model = new List<Guid>();
        for (int round = 0; round < 5; round++)
        {
            using JournalOutbox outbox = Open(o => o.CompactionThresholdBytes = 2048);
            Assert.Equal(model, outbox.GetPending().Select(e => e.Id));
            for (int step = 0; step < 100; step++)
            {
                if (model.Count > 0 && random.Next(3) == 0)
                {
                    Guid id = model[random.Next(model.Count)];
                    Assert.True(outbox.Acknowledge(id));
                    model.Remove(id);
                }
                else
                {
                    byte[] payload = new byte[random.Next(1, 400)];
                    random.NextBytes(payload);
                    var entry = new OutboxEntry(Guid.CreateVersion7(), payload);
                    outbox.Append(entry);
                    model.Add(entry.Id);
                }
            }
        }

        using JournalOutbox last = Open();
        Assert.Equal(model, last.GetPending().Select(e => e.Id));
    }

    [Fact]
    public void Append_DiskFull_KeepsAlertsInMemoryReportsFaultAndJournalsThemWhenSpaceReturns()
    {
        var storage = new FaultyJournalStorage();
        var time = new FakeTimeProvider();
        OutboxEntry[] entries = CreateEntries(6, seed: 11);
        int healthChanges = 0;
        using (JournalOutbox outbox = Open(storage, time))
        {
            outbox.HealthChanged += () => healthChanges++;
            outbox.Append(entries[0]);
            storage.Full = true;
            for (int i = 1; i < 5; i++)
            {
                outbox.Append(entries[i]);
            }

            OutboxHealth faulted = outbox.Health;
            Assert.True(faulted.IsFaulted);
            Assert.Contains("No space left on device", faulted.Fault, StringComparison.Ordinal);
            Assert.Equal(4, faulted.InMemory);
            Assert.Equal(entries[..5].Select(e => e.Id), outbox.GetPending().Select(e => e.Id));
            Assert.Single(_logs.GetSnapshot(), e => e.Id.Id == 1005 && e.Level == LogLevel.Error);

            // Still full at the first retry: nothing changes.
            time.Advance(TimeSpan.FromSeconds(5));
            Assert.True(outbox.Health.IsFaulted);

            storage.Full = false;
            time.Advance(TimeSpan.FromSeconds(5));
            Assert.False(outbox.Health.IsFaulted);
            Assert.Equal(0, outbox.Health.InMemory);
            Assert.Equal(2, healthChanges);
            Assert.Contains(_logs.GetSnapshot(), e => e.Id.Id == 1007);
            outbox.Append(entries[5]);
        }

        using JournalOutbox reopened = Open();
        Assert.Equal(entries.Select(e => e.Id), reopened.GetPending().Select(e => e.Id));
        Assert.Equal(entries[3].Payload.ToArray(), reopened.GetPending()[3].Payload.ToArray());
        Assert.Equal(0, reopened.Health.CorruptRegions);
    }

    [Fact]
    public void Acknowledge_DiskFull_DoesNotThrowAndTheAcknowledgementReachesTheJournalWhenSpaceReturns()
    {
        var storage = new FaultyJournalStorage();
        var time = new FakeTimeProvider();
        OutboxEntry[] entries = CreateEntries(4, seed: 12);
        using (JournalOutbox outbox = Open(storage, time))
        {
            foreach (OutboxEntry entry in entries[..3])
            {
                outbox.Append(entry);
            }

            storage.Full = true;
            Assert.True(outbox.Acknowledge(entries[0].Id));
            Assert.True(outbox.Health.IsFaulted);
            outbox.Append(entries[3]);
            Assert.True(outbox.Acknowledge(entries[3].Id));
            Assert.True(outbox.Acknowledge(entries[1].Id));
            Assert.Equal([entries[2].Id], outbox.GetPending().Select(e => e.Id));
            Assert.True(storage.FailedWrites > 0);

            storage.Full = false;
            Assert.True(outbox.Retry());
        }

        using JournalOutbox reopened = Open();
        Assert.Equal([entries[2].Id], reopened.GetPending().Select(e => e.Id));
    }

    [Fact]
    public void Open_DiskFullAtStart_RecoversPendingRunsFromMemoryAndRewritesLater()
    {
        OutboxEntry[] entries = CreateEntries(3, seed: 13);
        using (JournalOutbox first = Open())
        {
            first.Append(entries[0]);
        }

        // A version 1 journal must be rewritten at start, which a full disk refuses.
        ConvertToVersion1(_temp.Combine("outbox", JournalOutbox.FileName));
        var storage = new FaultyJournalStorage { Full = true };
        var time = new FakeTimeProvider();
        using (JournalOutbox outbox = Open(storage, time))
        {
            Assert.True(outbox.Health.IsFaulted);
            outbox.Append(entries[1]);
            outbox.Append(entries[2]);
            Assert.Equal(entries.Select(e => e.Id), outbox.GetPending().Select(e => e.Id));
            storage.Full = false;
            time.Advance(TimeSpan.FromSeconds(5));
            Assert.False(outbox.Health.IsFaulted);
        }

        Assert.True(File.ReadAllBytes(_temp.Combine("outbox", JournalOutbox.FileName)).AsSpan().StartsWith(JournalFormat.V2.FileMagic));
        using JournalOutbox reopened = Open();
        Assert.Equal(entries.Select(e => e.Id), reopened.GetPending().Select(e => e.Id));
    }

    [Fact]
    public void Dispose_StillFaulted_LogsTheAlertsLost()
    {
        var storage = new FaultyJournalStorage();
        using (JournalOutbox outbox = Open(storage, new FakeTimeProvider()))
        {
            storage.Full = true;
            outbox.Append(CreateEntries(1, seed: 14)[0]);
        }

        Assert.Contains(_logs.GetSnapshot(), e => e.Id.Id == 1012 && e.Message.StartsWith("1 alerts", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Append_RealFullTmpfs_HoldsAlertsAndJournalsThemOnceSpaceIsFreed()
    {
        Skip.If(SmallTmpfs.SkipReason is not null, SmallTmpfs.SkipReason);
        using SmallTmpfs? tmpfs = SmallTmpfs.TryMount(_temp.Combine("tmpfs"), kilobytes: 128);
        Skip.If(tmpfs is null, "mount -t tmpfs failed (no CAP_SYS_ADMIN in this container)");
        var time = new FakeTimeProvider();
        var options = new OutboxOptions { Directory = Path.Combine(tmpfs.Path, "outbox") };
        OutboxEntry[] entries = CreateEntries(40, seed: 15, payloadLength: 2000);
        using (var outbox = new JournalOutbox(Options.Create(options), new FakeLogger<JournalOutbox>(_logs), time))
        {
            outbox.Append(entries[0]);
            string filler = tmpfs.Fill("filler");
            for (int i = 1; i < entries.Length; i++)
            {
                outbox.Append(entries[i]);
                if (i % 3 == 0)
                {
                    Assert.True(outbox.Acknowledge(entries[i - 1].Id));
                }
            }

            Assert.True(outbox.Health.IsFaulted, "the journal never filled the tmpfs");
            Assert.Contains("No space left on device", outbox.Health.Fault, StringComparison.Ordinal);
            File.Delete(filler);
            time.Advance(TimeSpan.FromSeconds(options.RetrySeconds));
            Assert.False(outbox.Health.IsFaulted, outbox.Health.Fault);
        }

        Guid[] expected = [.. entries.Where((_, i) => !(i >= 2 && (i + 1) % 3 == 0 && i + 1 < entries.Length)).Select(e => e.Id)];
        using var reopened = new JournalOutbox(Options.Create(options), new FakeLogger<JournalOutbox>(_logs));
        Assert.Equal(expected, reopened.GetPending().Select(e => e.Id));
    }

    /// <summary>Appends the entries to a new journal, acknowledges some, and returns its path and each record's offset.</summary>
    private (string Path, long[] Starts) WriteJournal(OutboxEntry[] entries, params Guid[] acknowledged)
    {
        long[] starts = new long[entries.Length];
        using JournalOutbox outbox = Open();
        string path = outbox.JournalPath;
        for (int i = 0; i < entries.Length; i++)
        {
            starts[i] = new FileInfo(path).Length;
            outbox.Append(entries[i]);
        }

        foreach (Guid id in acknowledged)
        {
            Assert.True(outbox.Acknowledge(id));
        }

        return (path, starts);
    }

    [Fact]
    public void Open_FlippedBitMidFile_CostsOnlyThatRecordAndKeepsTheCutBytesAside()
    {
        // 294 alerts, none acknowledged: the journal the hostile test corrupted.
        OutboxEntry[] entries = CreateEntries(294, seed: 16);
        (string path, long[] starts) = WriteJournal(entries);

        byte[] bytes = File.ReadAllBytes(path);
        long flipped = starts[147] + 30;
        bytes[flipped] ^= 0x10;
        File.WriteAllBytes(path, bytes);

        using JournalOutbox recovered = Open();

        Guid[] kept = [.. recovered.GetPending().Select(e => e.Id)];
        Assert.Equal(293, kept.Length);
        Assert.Equal(entries.Where((_, i) => i != 147).Select(e => e.Id), kept);
        Assert.Equal(1, recovered.Health.CorruptRegions);
        string aside = Assert.Single(Directory.GetFiles(_temp.Combine("outbox"), JournalOutbox.FileName + ".corrupt-*"));
        Assert.Equal(bytes.AsSpan((int)starts[147], (int)(starts[148] - starts[147])).ToArray(), File.ReadAllBytes(aside));
        Assert.Contains(_logs.GetSnapshot(), e => e.Id.Id == 1011 && e.Message.Contains("293 records kept", StringComparison.Ordinal));
    }

    [Fact]
    public void Open_DamagedLengthFieldMidFile_ResynchronisesOnTheNextRecord()
    {
        OutboxEntry[] entries = CreateEntries(20, seed: 17);
        (string path, long[] starts) = WriteJournal(entries, entries[12].Id);

        // The length of record 5 says 16 MB: a reader that trusts it skips everything after.
        byte[] bytes = File.ReadAllBytes(path);
        bytes[starts[5] + 6] = 0xFF;
        File.WriteAllBytes(path, bytes);

        using JournalOutbox recovered = Open();

        Assert.Equal(entries.Where((_, i) => i is not 5 and not 12).Select(e => e.Id), recovered.GetPending().Select(e => e.Id));
    }

    [Fact]
    public void Open_Version1JournalWithAFlippedBit_ReadsEveryOtherRecordAndRewritesAsVersion2()
    {
        OutboxEntry[] entries = CreateEntries(30, seed: 18);
        string path;
        using (JournalOutbox outbox = Open())
        {
            path = outbox.JournalPath;
            foreach (OutboxEntry entry in entries)
            {
                outbox.Append(entry);
            }

            Assert.True(outbox.Acknowledge(entries[2].Id));
        }

        ConvertToVersion1(path);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        using JournalOutbox recovered = Open();

        Assert.Equal(28, recovered.Count);
        Assert.DoesNotContain(entries[2].Id, recovered.GetPending().Select(e => e.Id));
        Assert.Equal(1, recovered.Health.CorruptRegions);
        Assert.True(File.ReadAllBytes(path).AsSpan().StartsWith(JournalFormat.V2.FileMagic));
    }

    private static void ConvertToVersion1(string path)
    {
        // Same records without the 4-byte record magic, under the version 1 file magic.
        byte[] v2 = File.ReadAllBytes(path);
        using var v1 = new MemoryStream();
        v1.Write(JournalFormat.V1.FileMagic);
        int offset = JournalFormat.FileMagicSize;
        while (offset < v2.Length)
        {
            Assert.True(JournalFormat.V2.TryReadRecord(v2.AsSpan(offset), out JournalRecord record));
            v1.Write(v2, offset + 4, record.Size - 4);
            offset += record.Size;
        }

        File.WriteAllBytes(path, v1.ToArray());
    }

    private JournalOutbox Open(IJournalStorage storage, TimeProvider time) =>
        new(Options.Create(new OutboxOptions { Directory = _temp.Combine("outbox") }), new FakeLogger<JournalOutbox>(_logs), time, storage);

    private JournalOutbox Open(Action<OutboxOptions>? configure = null)
    {
        var options = new OutboxOptions { Directory = _temp.Combine("outbox") };
        configure?.Invoke(options);
        return new JournalOutbox(Options.Create(options), new FakeLogger<JournalOutbox>(_logs));
    }

    private static OutboxEntry[] CreateEntries(int count, int seed, int payloadLength = 0)
    {
        var random = new Random(seed);
        var entries = new OutboxEntry[count];
        for (int i = 0; i < count; i++)
        {
            byte[] payload = payloadLength > 0
                ? new byte[payloadLength]
                : Encoding.UTF8.GetBytes($"{{\"n\":{i},\"pad\":\"{new string('x', random.Next(1, 80))}\"}}");
            if (payloadLength > 0)
            {
                random.NextBytes(payload);
            }

            entries[i] = new OutboxEntry(Guid.CreateVersion7(), payload);
        }

        return entries;
    }
}
