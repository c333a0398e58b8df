using System.Buffers;
using System.Buffers.Binary;
using EdgeLstm.EdgeAgent.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Outbox;

/// <summary>An <see cref="IAlertOutbox"/> kept as an append-only journal file (see <see cref="JournalFormat"/>).</summary>
/// <remarks>
/// Appends are flushed to disk (fsync) before <see cref="Append"/> returns; acknowledgements only reach
/// the page cache, because losing one to a power cut merely re-sends an alert with its original id.
/// The journal is rewritten without acknowledged records once they exceed
/// <see cref="OutboxOptions.CompactionThresholdBytes"/>.
/// </remarks>
internal sealed class JournalOutbox : IAlertOutbox, IDisposable
{
    /// <summary>The journal's file name inside <see cref="OutboxOptions.Directory"/>.</summary>
    public const string FileName = "alerts.journal";

    // Recovery accepts records up to this size whatever MaxRecordBytes says now, so lowering the
    // setting never turns old records into "corrupt" ones.
    private const int RecoveryMaxBodyLength = (16 * 1024 * 1024) + JournalFormat.BodyPrefixSize;

    private readonly Lock _lock = new();
    private readonly OutboxOptions _options;
    private readonly ILogger _logger;
    private readonly string _directory;
    private readonly string _path;
    private readonly LinkedList<OutboxEntry> _pending = new();
    private readonly Dictionary<Guid, LinkedListNode<OutboxEntry>> _index = [];
    private FileStream _file;
    private long _livePayloadBytes;
    private long _liveRecordBytes;
    private long _dropped;
    private bool _disposed;

    /// <summary>Opens the journal, recovering the alerts that were not acknowledged before the last stop.</summary>
    /// <param name="options">The outbox options.</param>
    /// <param name="logger">The logger.</param>
    /// <exception cref="IOException">The directory or journal cannot be created or read.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable by the service user.</exception>
    public JournalOutbox(IOptions<OutboxOptions> options, ILogger<JournalOutbox> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _logger = logger;
        _directory = _options.Directory;
        _path = Path.Combine(_directory, FileName);

        Directory.CreateDirectory(_directory);
        File.Delete(_path + ".tmp");
        Recover();
        _file = OpenForAppend();
        OutboxLog.Opened(_logger, _path, _pending.Count);
        lock (_lock)
        {
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
    public void Append(OutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        int length = entry.Payload.Length;
        if (length == 0 || length > _options.MaxRecordBytes)
        {
            throw new ArgumentException($"An alert payload must hold 1 to {_options.MaxRecordBytes} bytes (Outbox:MaxRecordBytes); it holds {length}.", nameof(entry));
        }

        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_index.ContainsKey(entry.Id))
            {
                throw new ArgumentException($"Alert {entry.Id} is already in the outbox.", nameof(entry));
            }

            while (_livePayloadBytes + length > _options.MaxBytes && _pending.First is { } oldest)
            {
                WriteRecord(JournalRecordKind.Drop, oldest.Value.Id, default, flushToDisk: false);
                Remove(oldest);
                long dropped = Interlocked.Increment(ref _dropped);
                OutboxLog.DroppedOldest(_logger, _options.MaxBytes, oldest.Value.Id, dropped);
            }

            // The journal keeps its own copy, so a caller reusing its buffer cannot change a stored alert.
            var stored = new OutboxEntry(entry.Id, entry.Payload.ToArray());
            WriteRecord(JournalRecordKind.Append, stored.Id, stored.Payload.Span, flushToDisk: true);
            Add(stored);
            CompactIfWorthIt();
        }
    }

    /// <inheritdoc/>
    public bool Acknowledge(Guid id)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_index.TryGetValue(id, out LinkedListNode<OutboxEntry>? node))
            {
                return false;
            }

            WriteRecord(JournalRecordKind.Acknowledge, id, default, flushToDisk: false);
            Remove(node);
            CompactIfWorthIt();
            return true;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<OutboxEntry> GetPending()
    {
        lock (_lock)
        {
            return [.. _pending];
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _disposed = true;
                _file.Dispose();
            }
        }
    }

    private void Add(OutboxEntry entry)
    {
        _index.Add(entry.Id, _pending.AddLast(entry));
        _livePayloadBytes += entry.Payload.Length;
        _liveRecordBytes += JournalFormat.RecordSize(entry.Payload.Length);
    }

    private void Remove(LinkedListNode<OutboxEntry> node)
    {
        _pending.Remove(node);
        _ = _index.Remove(node.Value.Id);
        _livePayloadBytes -= node.Value.Payload.Length;
        _liveRecordBytes -= JournalFormat.RecordSize(node.Value.Payload.Length);
    }

    private void WriteRecord(JournalRecordKind kind, Guid id, ReadOnlySpan<byte> payload, bool flushToDisk)
    {
        int size = JournalFormat.RecordSize(payload.Length);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(size);
        long before = _file.Length;
        try
        {
            JournalFormat.WriteRecord(kind, id, payload, buffer);
            _file.Write(buffer, 0, size);
            _file.Flush(flushToDisk);
        }
        catch (IOException)
        {
            // A half-written record in the middle of the journal would hide every record after it
            // from recovery: cut it off before reporting the failure.
            _file.SetLength(before);
            _ = _file.Seek(0, SeekOrigin.End);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void CompactIfWorthIt()
    {
        long dead = _file.Length - JournalFormat.Magic.Length - _liveRecordBytes;
        if (dead > _options.CompactionThresholdBytes)
        {
            Compact();
        }
    }

    private void Compact()
    {
        long before = _file.Length;
        string temporary = _path + ".tmp";
        using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 64 * 1024))
        {
            output.Write(JournalFormat.Magic);
            byte[] buffer = [];
            foreach (OutboxEntry entry in _pending)
            {
                int size = JournalFormat.RecordSize(entry.Payload.Length);
                if (buffer.Length < size)
                {
                    buffer = new byte[size];
                }

                JournalFormat.WriteRecord(JournalRecordKind.Append, entry.Id, entry.Payload.Span, buffer);
                output.Write(buffer, 0, size);
            }

            output.Flush(flushToDisk: true);
        }

        _file.Dispose();
        File.Move(temporary, _path, overwrite: true);
        DirectorySync.Flush(_directory);
        _file = OpenForAppend();
        OutboxLog.Compacted(_logger, before, _file.Length);
    }

    private FileStream OpenForAppend()
    {
        // bufferSize 0: every record reaches the kernel in one write call, never split by a buffer.
        var file = new FileStream(_path, FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0);
        _ = file.Seek(0, SeekOrigin.End);
        return file;
    }

    private void Recover()
    {
        if (!File.Exists(_path))
        {
            CreateEmptyJournal();
            return;
        }

        using var file = new FileStream(_path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 64 * 1024);
        Span<byte> header = stackalloc byte[JournalFormat.RecordHeaderSize];
        if (file.Length < JournalFormat.Magic.Length || file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length ||
            !header.SequenceEqual(JournalFormat.Magic))
        {
            file.Dispose();
            if (new FileInfo(_path).Length == 0)
            {
                CreateEmptyJournal();
                return;
            }

            string aside = $"{_path}.corrupt-{DateTime.UtcNow:yyyyMMddTHHmmssZ}";
            File.Move(_path, aside, overwrite: true);
            OutboxLog.BadHeader(_logger, _path, aside);
            CreateEmptyJournal();
            return;
        }

        long offset = JournalFormat.Magic.Length;
        long length = file.Length;
        while (offset < length)
        {
            if (!TryReadRecord(file, length - offset, header, out int bodyLength))
            {
                OutboxLog.TornTail(_logger, _path, offset, length - offset);
                file.SetLength(offset);
                file.Flush(flushToDisk: true);
                return;
            }

            offset += JournalFormat.RecordHeaderSize + bodyLength;
        }
    }

    private bool TryReadRecord(FileStream file, long remaining, Span<byte> header, out int bodyLength)
    {
        bodyLength = 0;
        if (remaining < JournalFormat.RecordHeaderSize || file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
        {
            return false;
        }

        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (length < JournalFormat.BodyPrefixSize || length > RecoveryMaxBodyLength || length > remaining - JournalFormat.RecordHeaderSize)
        {
            return false;
        }

        byte[] body = new byte[length];
        if (file.ReadAtLeast(body, body.Length, throwOnEndOfStream: false) < body.Length || Crc32.Compute(body) != crc)
        {
            return false;
        }

        var id = new Guid(body.AsSpan(1, 16), bigEndian: true);
        switch ((JournalRecordKind)body[0])
        {
            case JournalRecordKind.Append:
                if (!_index.ContainsKey(id))
                {
                    Add(new OutboxEntry(id, body.AsMemory(JournalFormat.BodyPrefixSize)));
                }

                break;
            case JournalRecordKind.Acknowledge:
            case JournalRecordKind.Drop:
                if (_index.TryGetValue(id, out LinkedListNode<OutboxEntry>? node))
                {
                    Remove(node);
                }

                break;
            default:
                return false;
        }

        bodyLength = (int)length;
        return true;
    }

    private void CreateEmptyJournal()
    {
        using (var file = new FileStream(_path, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(JournalFormat.Magic);
            file.Flush(flushToDisk: true);
        }

        DirectorySync.Flush(_directory);
    }
}
