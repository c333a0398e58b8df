using System.Buffers.Binary;

namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>Writes a classic pcap (Ethernet, microseconds) of UDP packets from distinct spoofed IPv4 sources to one
/// victim, as a source-address flood looks on the wire.</summary>
internal static class FloodCapture
{
    private const int FrameLength = 14 + 20 + 8;

    /// <summary>Writes <paramref name="packets"/> packets, source i being 10.(i≫16).(i≫8).i + 1, <paramref name="perSecond"/> a
    /// second; when <paramref name="malformedEvery"/> is k > 0, every k-th packet carries IP version 6 in an IPv4 frame.</summary>
    public static void Write(string path, int packets, int perSecond, int malformedEvery = 0)
    {
        using var output = new BufferedStream(File.Create(path), 1 << 16);
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1);
        output.Write(header);

        Span<byte> record = stackalloc byte[16 + FrameLength];
        const long Start = 1_700_000_000L * 1_000_000;
        for (int i = 0; i < packets; i++)
        {
            record.Clear();
            long micros = Start + (i * 1_000_000L / perSecond);
            BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(micros / 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(micros % 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(record[8..], FrameLength);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], FrameLength);
            Span<byte> frame = record[16..];
            frame[0..6].Fill(0x02);
            frame[6..12].Fill(0x04);
            BinaryPrimitives.WriteUInt16BigEndian(frame[12..], 0x0800);
            Span<byte> ip = frame.Slice(14, 20);
            ip[0] = malformedEvery > 0 && (i + 1) % malformedEvery == 0 ? (byte)0x65 : (byte)0x45;
            BinaryPrimitives.WriteUInt16BigEndian(ip[2..], 20 + 8);
            ip[8] = 64;
            ip[9] = 17;
            int source = i + 1;
            ip[12] = 10;
            ip[13] = (byte)(source >> 16);
            ip[14] = (byte)(source >> 8);
            ip[15] = (byte)source;
            ip[16] = 192;
            ip[17] = 168;
            ip[18] = 1;
            ip[19] = 10;
            BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum(ip));
            Span<byte> udp = frame.Slice(34, 8);
            BinaryPrimitives.WriteUInt16BigEndian(udp, (ushort)(1024 + (i % 60000)));
            BinaryPrimitives.WriteUInt16BigEndian(udp[2..], 53);
            BinaryPrimitives.WriteUInt16BigEndian(udp[4..], 8);
            output.Write(record);
        }
    }

    private static ushort Checksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (int i = 0; i < header.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        }

        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
