using System.Text;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Outbox;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Tests.Outbox;

public sealed class JournalOutboxTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ListLoggerProvider _logs = new();

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

        long intact = new FileInfo(path).Length - JournalFormat.RecordSize(entries[2].Payload.Length);
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
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 1001 && e.Level == LogLevel.Warning);
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
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 1004);
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
            Assert.Equal(7, _logs.Entries.Count(e => e.EventId.Id == 1002 && e.Level == LogLevel.Warning));
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
            Assert.True(new FileInfo(path).Length < 4096 + (3 * JournalFormat.RecordSize(200)), $"journal is {new FileInfo(path).Length} bytes");
            Assert.Contains(_logs.Entries, e => e.EventId.Id == 1003);
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

    private JournalOutbox Open(Action<OutboxOptions>? configure = null)
    {
        var options = new OutboxOptions { Directory = _temp.Combine("outbox") };
        configure?.Invoke(options);
        return new JournalOutbox(Options.Create(options), _logs.CreateLogger<JournalOutbox>());
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
