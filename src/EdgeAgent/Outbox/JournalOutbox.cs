using System.Buffers;
using EdgeLstm.EdgeAgent.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Outbox;

/// <summary>An <see cref="IAlertOutbox"/> kept as an append-only journal file (see <see cref="JournalFormat"/>) that survives
/// a failing disk.</summary>
/// <remarks>
/// <para>Appends are flushed to disk (fsync) before <see cref="Append"/> returns; acknowledgements only reach the page
/// cache, because losing one to a power cut merely re-sends an alert with its original id. The journal is rewritten
/// without acknowledged records once they exceed <see cref="OutboxOptions.CompactionThresholdBytes"/>.</para>
/// <para>A write that fails (ENOSPC, EIO, a read-only remount) never throws out of <see cref="Append"/> or
/// <see cref="Acknowledge"/>: the outbox turns faulted, keeps the alerts it could not write in memory (within
/// <see cref="OutboxOptions.MaxBytes"/>, oldest dropped and counted as always), still hands them to the dispatcher, and
/// retries the journal every <see cref="OutboxOptions.RetrySeconds"/>. The first retry that succeeds writes the held
/// alerts and acknowledgements and ends the fault. Only alerts still held in memory when the process ends are lost.</para>
/// <para>At start the journal is read whole; a damaged stretch costs the records in it only: reading resumes at the next
/// valid record, the cut bytes are kept in <c>alerts.journal.corrupt-&lt;time&gt;</c>, and the journal is rewritten.</para>
/// </remarks>
internal sealed class JournalOutbox : IAlertOutbox, IOutboxHealth, IDisposable
{
    /// <summary>The journal's file name inside <see cref="OutboxOptions.Directory"/>.</summary>
    public const string FileName = "alerts.journal";

    private readonly Lock _lock = new();
    private readonly OutboxOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly IJournalStorage _storage;
    private readonly JournalFormat _format = JournalFormat.Current;
    private readonly string _directory;
    private readonly string _path;
    private readonly LinkedList<Pending> _pending = new();
    private readonly Dictionary<Guid, LinkedListNode<Pending>> _index = [];

    // Acknowledge and drop records of journaled alerts that could not be written yet.
    private readonly List<(JournalRecordKind Kind, Guid Id)> _unwrittenRemovals = [];
    private readonly ITimer _retryTimer;
    private IJournalFile? _file;
    private byte[]? _unsavedCut;
    private bool _needsRewrite;
    private long _livePayloadBytes;
    private long _liveRecordBytes;
    private long _dropped;
    private long _corruptRegions;
    private int _inMemory;
    private string? _fault;
    private DateTimeOffset? _faultSince;
    private long _compactionBlockedUntil;
    private bool _disposed;

    /// <summary>Opens the journal, recovering the alerts that were not acknowledged before the last stop.</summary>
    /// <param name="options">The outbox options.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="timeProvider">The clock of the retries; the system clock when null.</param>
    /// <exception cref="IOException">The journal exists but cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory or journal is not accessible to the service user.</exception>
    public JournalOutbox(IOptions<OutboxOptions> options, ILogger<JournalOutbox> logger, TimeProvider? timeProvider = null)
        : this(options, logger, timeProvider ?? TimeProvider.System, FileJournalStorage.Instance)
    {
    }

    /// <summary>Opens the journal through <paramref name="storage"/>, the seam tests fail writes through.</summary>
    /// <param name="options">The outbox options.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="timeProvider">The clock of the retries.</param>
    /// <param name="storage">The file operations the journal writes through.</param>
    internal JournalOutbox(IOptions<OutboxOptions> options, ILogger<JournalOutbox> logger, TimeProvider timeProvider, IJournalStorage storage)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(storage);
        _options = options.Value;
        _logger = logger;
        _time = timeProvider;
        _storage = storage;
        _directory = _options.Directory;
        _path = Path.Combine(_directory, FileName);
        _retryTimer = _time.CreateTimer(_ => Retry(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        lock (_lock)
        {
            Exception? writeFault = null;
            try
            {
                Directory.CreateDirectory(_directory);
                File.Delete(_path + ".tmp");
            }
            catch (IOException exception) when (IsStartWriteFault(exception))
            {
                writeFault = exception;
            }

            // A journal that cannot be read stops the start (exit 1): running on would overwrite the alerts in it.
            Recover();
            if (writeFault is null)
            {
                try
                {
                    if (_needsRewrite)
                    {
                        Rewrite();
                    }
                    else
                    {
                        _file = _storage.Open(_path, create: false);
                    }
                }
                catch (IOException exception) when (IsStartWriteFault(exception))
                {
                    writeFault = exception;
                }
            }

            if (writeFault is not null)
            {
                // A full disk at start: run from memory and retry, rather than exit and lose the next alerts too.
                CloseFile();
                _needsRewrite = true;
                EnterFault(writeFault);
            }

            OutboxLog.Opened(_logger, _path, _pending.Count);
            CompactIfWorthIt();
        }
    }

    /// <summary>Gets the journal file path.</summary>
    public string JournalPath => _path;

    /// <inheritdoc/>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <inheritdoc/>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <inheritdoc/>
    public OutboxHealth Health
    {
        get
        {
            lock (_lock)
            {
                return new OutboxHealth(_fault, _faultSince, _inMemory, _corruptRegions);
            }
        }
    }

    /// <inheritdoc/>
    public event Action? HealthChanged;

    /// <inheritdoc/>
    public void Append(OutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        int length = entry.Payload.Length;
        if (length == 0 || length > _options.MaxRecordBytes)
        {
            throw new ArgumentException($"An alert payload must hold 1 to {_options.MaxRecordBytes} bytes (Outbox:MaxRecordBytes); it holds {length}.", nameof(entry));
        }

        bool changed;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_index.ContainsKey(entry.Id))
            {
                throw new ArgumentException($"Alert {entry.Id} is already in the outbox.", nameof(entry));
            }

            bool wasFaulted = _fault is not null;
            while (_livePayloadBytes + length > _options.MaxBytes && _pending.First is { } oldest)
            {
                Remove(oldest, JournalRecordKind.Drop);
                long dropped = Interlocked.Increment(ref _dropped);
                OutboxLog.DroppedOldest(_logger, _options.MaxBytes, oldest.Value.Entry.Id, dropped);
            }

            // The journal keeps its own copy, so a caller reusing its buffer cannot change a stored alert.
            var stored = new OutboxEntry(entry.Id, entry.Payload.ToArray());
            bool journaled = _fault is null && TryWrite(JournalRecordKind.Append, stored.Id, stored.Payload.Span, flushToDisk: true);
            Add(new Pending(stored, journaled));
            CompactIfWorthIt();
            changed = wasFaulted != (_fault is not null);
        }

        RaiseIf(changed);
    }

    /// <inheritdoc/>
    public bool Acknowledge(Guid id)
    {
        bool changed;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_index.TryGetValue(id, out LinkedListNode<Pending>? node))
            {
                return false;
            }

            bool wasFaulted = _fault is not null;
            Remove(node, JournalRecordKind.Acknowledge);
            CompactIfWorthIt();
            changed = wasFaulted != (_fault is not null);
        }

        RaiseIf(changed);
        return true;
    }

    /// <inheritdoc/>
    public IReadOnlyList<OutboxEntry> GetPending()
    {
        lock (_lock)
        {
            return [.. _pending.Select(p => p.Entry)];
        }
    }

    /// <summary>Tries the journal again now instead of at the next scheduled retry.</summary>
    /// <returns><see langword="true"/> when the journal is writable (again).</returns>
    public bool Retry()
    {
        bool recovered;
        lock (_lock)
        {
            if (_disposed || _fault is null)
            {
                return !_disposed;
            }

            recovered = TryRecover();
        }

        RaiseIf(recovered);
        return recovered;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            if (_fault is not null && !TryRecover() && _inMemory > 0)
            {
                OutboxLog.LostAtStop(_logger, _inMemory, _path, _fault);
            }

            _disposed = true;
            _retryTimer.Dispose();
            CloseFile();
        }
    }

    // Any failure to write while running is a fault to ride out: a removed directory is recreated by the next retry.
    private static bool IsWriteFault(Exception exception) => exception is IOException or UnauthorizedAccessException;

    // At start, a path that cannot exist (a file where the directory should be) or a directory the service user may not
    // write is a deployment error, reported with exit code 1, not a fault to wait out.
    private static bool IsStartWriteFault(Exception exception) => exception is IOException and not FileNotFoundException and not DirectoryNotFoundException;

    private void Add(Pending pending)
    {
        _index.Add(pending.Entry.Id, _pending.AddLast(pending));
        _livePayloadBytes += pending.Entry.Payload.Length;
        _liveRecordBytes += _format.RecordSize(pending.Entry.Payload.Length);
        _inMemory += pending.Journaled ? 0 : 1;
    }

    private void Remove(LinkedListNode<Pending> node, JournalRecordKind kind)
    {
        Pending pending = node.Value;
        if (pending.Journaled && (_fault is not null || !TryWrite(kind, pending.Entry.Id, default, flushToDisk: false)))
        {
            _unwrittenRemovals.Add((kind, pending.Entry.Id));
        }

        _pending.Remove(node);
        _ = _index.Remove(pending.Entry.Id);
        _livePayloadBytes -= pending.Entry.Payload.Length;
        _liveRecordBytes -= _format.RecordSize(pending.Entry.Payload.Length);
        _inMemory -= pending.Journaled ? 0 : 1;
    }

    /// <summary>Writes one record; a failure cuts the half-written record off and turns the outbox faulted.</summary>
    private bool TryWrite(JournalRecordKind kind, Guid id, ReadOnlySpan<byte> payload, bool flushToDisk)
    {
        long before = _file!.Length;
        try
        {
            WriteRecord(_file, kind, id, payload);
            _file.Flush(flushToDisk);
            return true;
        }
        catch (Exception exception) when (IsWriteFault(exception))
        {
            CutBack(before);
            EnterFault(exception);
            return false;
        }
    }

    private void WriteRecord(IJournalFile file, JournalRecordKind kind, Guid id, ReadOnlySpan<byte> payload)
    {
        int size = _format.RecordSize(payload.Length);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            _format.WriteRecord(kind, id, payload, buffer);
            file.Append(buffer.AsSpan(0, size));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void CutBack(long length)
    {
        try
        {
            _file!.Truncate(length);
        }
        catch (Exception exception) when (IsWriteFault(exception))
        {
            // A torn record stays in the journal; recovery skips it, and the rewrite at the end of the fault removes it.
            _needsRewrite = true;
        }
    }

    private void EnterFault(Exception exception)
    {
        if (_fault is not null)
        {
            return;
        }

        _fault = exception.Message;
        _faultSince = _time.GetUtcNow();
        var interval = TimeSpan.FromSeconds(_options.RetrySeconds);
        OutboxLog.JournalFault(_logger, _path, exception.Message, interval, exception);
        _ = _retryTimer.Change(interval, interval);
    }

    /// <summary>Writes what the fault held in memory; on success ends the fault.</summary>
    private bool TryRecover()
    {
        int held = _inMemory;
        try
        {
            if (_needsRewrite || _file is null)
            {
                Rewrite();
            }
            else
            {
                AppendHeld();
            }
        }
        catch (Exception exception) when (IsWriteFault(exception))
        {
            OutboxLog.RetryFailed(_logger, _path, exception.Message, _inMemory);
            return false;
        }

        TimeSpan lasted = _time.GetUtcNow() - _faultSince!.Value;
        _fault = null;
        _faultSince = null;
        _ = _retryTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        OutboxLog.JournalRecovered(_logger, _path, held, lasted);
        CompactIfWorthIt();
        return true;
    }

    /// <summary>Appends the held removals and alerts with one fsync; on failure the journal is cut back to where it was.</summary>
    private void AppendHeld()
    {
        IJournalFile file = _file!;
        long before = file.Length;
        try
        {
            foreach ((JournalRecordKind kind, Guid id) in _unwrittenRemovals)
            {
                WriteRecord(file, kind, id, default);
            }

            foreach (Pending pending in _pending)
            {
                if (!pending.Journaled)
                {
                    WriteRecord(file, JournalRecordKind.Append, pending.Entry.Id, pending.Entry.Payload.Span);
                }
            }

            file.Flush(toDisk: true);
        }
        catch (Exception exception) when (IsWriteFault(exception))
        {
            CutBack(before);
            throw;
        }

        MarkAllJournaled();
    }

    private void MarkAllJournaled()
    {
        _unwrittenRemovals.Clear();
        for (LinkedListNode<Pending>? node = _pending.First; node is not null; node = node.Next)
        {
            node.Value = node.Value with { Journaled = true };
        }

        _inMemory = 0;
    }

    private void CompactIfWorthIt()
    {
        if (_fault is not null || _file is null || _time.GetTimestamp() < _compactionBlockedUntil)
        {
            return;
        }

        long dead = _file.Length - _format.FileMagic.Length - _liveRecordBytes;
        if (dead <= _options.CompactionThresholdBytes)
        {
            return;
        }

        try
        {
            Rewrite();
        }
        catch (Exception exception) when (IsWriteFault(exception))
        {
            if (_file is null)
            {
                // The old journal was closed before the rename failed: nothing can be appended until a rewrite succeeds.
                _needsRewrite = true;
                EnterFault(exception);
                return;
            }

            // The journal itself is intact and still takes appends; compaction waits for the next retry interval.
            _compactionBlockedUntil = _time.GetTimestamp() + (long)(_options.RetrySeconds * _time.TimestampFrequency);
            OutboxLog.CompactionFailed(_logger, _path, exception.Message);
        }
    }

    /// <summary>Writes every pending alert, held ones included, to a new journal and renames it over the old one.</summary>
    private void Rewrite()
    {
        if (_unsavedCut is { } cut)
        {
            // The damaged bytes are kept before the rewrite removes them from the journal.
            string aside = AsidePath();
            File.WriteAllBytes(aside, cut);
            _unsavedCut = null;
            OutboxLog.CutSaved(_logger, cut.Length, aside);
        }

        long before = _file?.Length ?? 0;
        string temporary = _path + ".tmp";
        try
        {
            Directory.CreateDirectory(_directory);
            using (IJournalFile output = _storage.Open(temporary, create: true))
            {
                output.Append(_format.FileMagic);
                foreach (Pending pending in _pending)
                {
                    WriteRecord(output, JournalRecordKind.Append, pending.Entry.Id, pending.Entry.Payload.Span);
                }

                output.Flush(toDisk: true);
            }

            CloseFile();
            _storage.Replace(temporary, _path);
        }
        catch (Exception exception) when (IsWriteFault(exception))
        {
            TryDelete(temporary);
            throw;
        }

        _file = _storage.Open(_path, create: false);
        _needsRewrite = false;
        MarkAllJournaled();
        OutboxLog.Compacted(_logger, before, _file.Length);
    }

    private void CloseFile()
    {
        _file?.Dispose();
        _file = null;
    }

    private string AsidePath() => $"{_path}.corrupt-{_time.GetUtcNow():yyyyMMddTHHmmssfffZ}";

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Removed at the next start.
        }
    }

    private void Recover()
    {
        if (!File.Exists(_path))
        {
            _needsRewrite = true;
            return;
        }

        byte[] data = File.ReadAllBytes(_path);
        JournalFormat? format = JournalFormat.Detect(data);
        if (format is null)
        {
            if (data.Length > 0)
            {
                string aside = AsidePath();
                File.Move(_path, aside, overwrite: true);
                OutboxLog.BadHeader(_logger, _path, aside);
            }

            _needsRewrite = true;
            return;
        }

        // An older version is read and then rewritten in the current one, which is the only one appended to.
        _needsRewrite = format != _format;
        using var cut = new MemoryStream();
        int regions = 0;
        int kept = 0;
        int offset = JournalFormat.FileMagicSize;
        while (offset < data.Length)
        {
            if (format.TryReadRecord(data.AsSpan(offset), out JournalRecord record))
            {
                Apply(record, data.AsMemory(offset + format.RecordHeaderSize + JournalFormat.BodyPrefixSize, record.Size - format.RecordHeaderSize - JournalFormat.BodyPrefixSize));
                kept++;
                offset += record.Size;
                continue;
            }

            int next = format.FindNextRecord(data, offset + 1);
            int end = next < 0 ? data.Length : next;
            cut.Write(data, offset, end - offset);
            regions++;
            if (next < 0)
            {
                OutboxLog.TornTail(_logger, _path, offset, end - offset);
            }
            else
            {
                OutboxLog.CorruptRegion(_logger, _path, offset, end - offset);
            }

            offset = end;
        }

        if (regions > 0)
        {
            _corruptRegions = regions;
            _unsavedCut = cut.ToArray();
            _needsRewrite = true;
            OutboxLog.Resynchronised(_logger, _path, regions, cut.Length, kept);
        }
    }

    private void Apply(JournalRecord record, ReadOnlyMemory<byte> payload)
    {
        switch (record.Kind)
        {
            case JournalRecordKind.Append when !_index.ContainsKey(record.Id):
                Add(new Pending(new OutboxEntry(record.Id, payload.ToArray()), Journaled: true));
                break;
            case JournalRecordKind.Acknowledge or JournalRecordKind.Drop when _index.TryGetValue(record.Id, out LinkedListNode<Pending>? node):
                // Reading, not writing: the record is already in the journal.
                _pending.Remove(node);
                _ = _index.Remove(record.Id);
                _livePayloadBytes -= node.Value.Entry.Payload.Length;
                _liveRecordBytes -= _format.RecordSize(node.Value.Entry.Payload.Length);
                break;
        }
    }

    private void RaiseIf(bool changed)
    {
        if (changed)
        {
            HealthChanged?.Invoke();
        }
    }

    /// <summary>A pending alert and whether its append record is in the journal.</summary>
    private readonly record struct Pending(OutboxEntry Entry, bool Journaled);
}
