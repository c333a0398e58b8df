using System.Buffers.Binary;

namespace EdgeLstm.EdgeAgent.Outbox;

/// <summary>The on-disk layout of the outbox journal.</summary>
/// <remarks>
/// The file starts with the 8-byte magic <c>ELOUTBX1</c>, then records:
/// <c>u32 bodyLength | u32 crc32(body) | body</c>, little-endian, where
/// <c>body = u8 kind | 16-byte id (RFC 9562 byte order) | payload</c>.
/// A record is written with one write call and only appended, so a crash can only leave a torn last
/// record, which the length and CRC detect.
/// </remarks>
internal static class JournalFormat
{
    /// <summary>The record header: body length and CRC.</summary>
    public const int RecordHeaderSize = 8;

    /// <summary>The fixed part of a body: kind and id.</summary>
    public const int BodyPrefixSize = 17;

    /// <summary>Gets the file magic.</summary>
    public static ReadOnlySpan<byte> Magic => "ELOUTBX1"u8;

    /// <summary>Writes one record into <paramref name="destination"/>.</summary>
    /// <param name="kind">The record kind.</param>
    /// <param name="id">The alert id.</param>
    /// <param name="payload">The payload; empty for acknowledge and drop records.</param>
    /// <param name="destination">Receives exactly <see cref="RecordSize"/> bytes.</param>
    public static void WriteRecord(JournalRecordKind kind, Guid id, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        int bodyLength = BodyPrefixSize + payload.Length;
        Span<byte> body = destination.Slice(RecordHeaderSize, bodyLength);
        body[0] = (byte)kind;
        _ = id.TryWriteBytes(body.Slice(1, 16), bigEndian: true, out _);
        payload.CopyTo(body[BodyPrefixSize..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)bodyLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Crc32.Compute(body));
    }

    /// <summary>Gets the size of a record with a payload of <paramref name="payloadLength"/> bytes.</summary>
    /// <param name="payloadLength">The payload length.</param>
    /// <returns>The record size in bytes.</returns>
    public static int RecordSize(int payloadLength) => RecordHeaderSize + BodyPrefixSize + payloadLength;
}
