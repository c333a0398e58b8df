using System.Buffers.Binary;

namespace EdgeLstm.EdgeAgent.Outbox;

/// <summary>One version of the on-disk layout of the outbox journal; <see cref="Current"/> is written, every version is read.</summary>
/// <remarks>
/// A journal starts with an 8-byte file magic naming its version, then records, little-endian:
/// <list type="bullet">
/// <item><description>version 1 (<c>ELOUTBX1</c>): <c>u32 bodyLength | u32 crc32(body) | body</c>;</description></item>
/// <item><description>version 2 (<c>ELOUTBX2</c>): <c>u32 recordMagic | u32 bodyLength | u32 crc32(body) | body</c>.</description></item>
/// </list>
/// In both, <c>body = u8 kind | 16-byte id (RFC 9562 byte order) | payload</c>. A record is written with one write call
/// and only appended, so a crash can only leave a torn last record. A record damaged in the middle of the journal (a
/// flipped bit on the medium) is skipped by searching for the next offset where a whole record checks out: version 2's
/// record magic (bytes E5 4C 45 52, never found in UTF-8 text) makes that search fast, version 1 tries every offset.
/// </remarks>
internal sealed class JournalFormat
{
    /// <summary>The fixed part of a body: kind and id.</summary>
    public const int BodyPrefixSize = 17;

    /// <summary>The size of a file magic.</summary>
    public const int FileMagicSize = 8;

    // Records up to this size are read whatever MaxRecordBytes says now, so lowering the setting never turns old
    // records into "corrupt" ones.
    private const int MaxBodyLength = (16 * 1024 * 1024) + BodyPrefixSize;

    private const uint RecordMagicValue = 0x52454CE5;

    private readonly byte[] _fileMagic;

    private JournalFormat(int version, string fileMagic, bool hasRecordMagic)
    {
        Version = version;
        _fileMagic = System.Text.Encoding.ASCII.GetBytes(fileMagic);
        HasRecordMagic = hasRecordMagic;
        RecordHeaderSize = hasRecordMagic ? 12 : 8;
    }

    /// <summary>Gets version 1, without record magic (read only).</summary>
    public static JournalFormat V1 { get; } = new(1, "ELOUTBX1", hasRecordMagic: false);

    /// <summary>Gets version 2, with a record magic before each record.</summary>
    public static JournalFormat V2 { get; } = new(2, "ELOUTBX2", hasRecordMagic: true);

    /// <summary>Gets the version the agent writes.</summary>
    public static JournalFormat Current => V2;

    /// <summary>Gets every version the agent reads.</summary>
    public static IReadOnlyList<JournalFormat> All { get; } = [V1, V2];

    /// <summary>Gets the version number.</summary>
    public int Version { get; }

    /// <summary>Gets a value indicating whether each record starts with the record magic.</summary>
    public bool HasRecordMagic { get; }

    /// <summary>Gets the size of a record header (magic when present, body length, CRC).</summary>
    public int RecordHeaderSize { get; }

    /// <summary>Gets the file magic.</summary>
    public ReadOnlySpan<byte> FileMagic => _fileMagic;

    /// <summary>Finds the version whose file magic starts <paramref name="file"/>.</summary>
    /// <param name="file">The journal's first bytes.</param>
    /// <returns>The version, or null when the header is unknown.</returns>
    public static JournalFormat? Detect(ReadOnlySpan<byte> file)
    {
        foreach (JournalFormat format in All)
        {
            if (file.StartsWith(format.FileMagic))
            {
                return format;
            }
        }

        return null;
    }

    /// <summary>Gets the size of a record with a payload of <paramref name="payloadLength"/> bytes.</summary>
    /// <param name="payloadLength">The payload length.</param>
    /// <returns>The record size in bytes.</returns>
    public int RecordSize(int payloadLength) => RecordHeaderSize + BodyPrefixSize + payloadLength;

    /// <summary>Writes one record into <paramref name="destination"/>.</summary>
    /// <param name="kind">The record kind.</param>
    /// <param name="id">The alert id.</param>
    /// <param name="payload">The payload; empty for acknowledge and drop records.</param>
    /// <param name="destination">Receives exactly <see cref="RecordSize"/> bytes.</param>
    public void WriteRecord(JournalRecordKind kind, Guid id, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        int bodyLength = BodyPrefixSize + payload.Length;
        Span<byte> body = destination.Slice(RecordHeaderSize, bodyLength);
        body[0] = (byte)kind;
        _ = id.TryWriteBytes(body.Slice(1, 16), bigEndian: true, out _);
        payload.CopyTo(body[BodyPrefixSize..]);
        Span<byte> header = destination[..RecordHeaderSize];
        if (HasRecordMagic)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header, RecordMagicValue);
            header = header[4..];
        }

        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)bodyLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Crc32.Compute(body));
    }

    /// <summary>Reads the record that starts <paramref name="data"/>, if a whole valid one does.</summary>
    /// <param name="data">The journal from the record's offset to its end.</param>
    /// <param name="record">The record; its payload is a slice of <paramref name="data"/>.</param>
    /// <returns><see langword="true"/> when a whole record with a matching CRC and a known kind starts here.</returns>
    public bool TryReadRecord(ReadOnlySpan<byte> data, out JournalRecord record)
    {
        record = default;
        if (data.Length < RecordHeaderSize + BodyPrefixSize)
        {
            return false;
        }

        ReadOnlySpan<byte> header = data;
        if (HasRecordMagic)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != RecordMagicValue)
            {
                return false;
            }

            header = header[4..];
        }

        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (length < BodyPrefixSize || length > MaxBodyLength || length > (uint)(data.Length - RecordHeaderSize))
        {
            return false;
        }

        ReadOnlySpan<byte> body = data.Slice(RecordHeaderSize, (int)length);
        var kind = (JournalRecordKind)body[0];
        bool shapeValid = kind switch
        {
            JournalRecordKind.Append => length > BodyPrefixSize,
            JournalRecordKind.Acknowledge or JournalRecordKind.Drop => length == BodyPrefixSize,
            _ => false,
        };
        if (!shapeValid || Crc32.Compute(body) != crc)
        {
            return false;
        }

        record = new JournalRecord(kind, new Guid(body.Slice(1, 16), bigEndian: true), RecordHeaderSize + (int)length);
        return true;
    }

    /// <summary>Finds the first offset at or after <paramref name="start"/> where a whole valid record starts.</summary>
    /// <param name="data">The whole journal.</param>
    /// <param name="start">Where to start looking.</param>
    /// <returns>The offset, or -1 when no valid record follows.</returns>
    public int FindNextRecord(ReadOnlySpan<byte> data, int start)
    {
        Span<byte> magic = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(magic, RecordMagicValue);
        int offset = start;
        while (offset < data.Length)
        {
            if (HasRecordMagic)
            {
                int found = data[offset..].IndexOf(magic);
                if (found < 0)
                {
                    return -1;
                }

                offset += found;
            }

            if (TryReadRecord(data[offset..], out _))
            {
                return offset;
            }

            offset++;
        }

        return -1;
    }
}
