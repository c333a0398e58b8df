using System.Buffers.Binary;

namespace EdgeLstm.Features.Tests.TestSupport;

/// <summary>Writes pcap and pcapng captures in memory, in either byte order, for reader tests.</summary>
internal static class CaptureWriter
{
    public sealed record Packet(long TimestampNanoseconds, byte[] Data, int InterfaceId = 0, int OriginalLength = -1);

    public static byte[] Pcap(IEnumerable<Packet> packets, int linkType = 1, bool bigEndian = false, bool nanoseconds = false)
    {
        var output = new MemoryStream();
        uint magic = nanoseconds ? 0xA1B23C4D : 0xA1B2C3D4;
        WriteUInt32(output, magic, bigEndian);
        WriteUInt16(output, 2, bigEndian);
        WriteUInt16(output, 4, bigEndian);
        WriteUInt32(output, 0, bigEndian);
        WriteUInt32(output, 0, bigEndian);
        WriteUInt32(output, 65535, bigEndian);
        WriteUInt32(output, (uint)linkType, bigEndian);
        foreach (Packet packet in packets)
        {
            long seconds = packet.TimestampNanoseconds / 1_000_000_000;
            long fraction = packet.TimestampNanoseconds % 1_000_000_000;
            WriteUInt32(output, (uint)seconds, bigEndian);
            WriteUInt32(output, (uint)(nanoseconds ? fraction : fraction / 1000), bigEndian);
            WriteUInt32(output, (uint)packet.Data.Length, bigEndian);
            WriteUInt32(output, (uint)(packet.OriginalLength < 0 ? packet.Data.Length : packet.OriginalLength), bigEndian);
            output.Write(packet.Data);
        }

        return output.ToArray();
    }

    /// <summary>One section; each interface given as (link type, tsresol option byte or null for the default µs).</summary>
    public static byte[] PcapNg(IEnumerable<Packet> packets, IReadOnlyList<(int LinkType, byte? Resolution)> interfaces, bool bigEndian = false)
    {
        var output = new MemoryStream();
        WriteBlock(output, 0x0A0D0D0A, bigEndian, body =>
        {
            WriteUInt32(body, 0x1A2B3C4D, bigEndian);
            WriteUInt16(body, 1, bigEndian);
            WriteUInt16(body, 0, bigEndian);
            WriteUInt32(body, 0xFFFFFFFF, bigEndian);
            WriteUInt32(body, 0xFFFFFFFF, bigEndian);
        });
        foreach ((int linkType, byte? resolution) in interfaces)
        {
            WriteBlock(output, 1, bigEndian, body =>
            {
                WriteUInt16(body, (ushort)linkType, bigEndian);
                WriteUInt16(body, 0, bigEndian);
                WriteUInt32(body, 0, bigEndian);
                if (resolution is byte value)
                {
                    WriteUInt16(body, 9, bigEndian);
                    WriteUInt16(body, 1, bigEndian);
                    body.Write([value, 0, 0, 0]);
                    WriteUInt32(body, 0, bigEndian);
                }
            });
        }

        foreach (Packet packet in packets)
        {
            byte? resolution = interfaces[packet.InterfaceId].Resolution;
            ulong units = resolution switch
            {
                null => (ulong)(packet.TimestampNanoseconds / 1000),
                9 => (ulong)packet.TimestampNanoseconds,
                _ => throw new ArgumentException("test writer supports µs and ns only"),
            };
            WriteBlock(output, 6, bigEndian, body =>
            {
                WriteUInt32(body, (uint)packet.InterfaceId, bigEndian);
                WriteUInt32(body, (uint)(units >> 32), bigEndian);
                WriteUInt32(body, (uint)units, bigEndian);
                WriteUInt32(body, (uint)packet.Data.Length, bigEndian);
                WriteUInt32(body, (uint)(packet.OriginalLength < 0 ? packet.Data.Length : packet.OriginalLength), bigEndian);
                body.Write(packet.Data);
                body.Write(new byte[(4 - (packet.Data.Length % 4)) % 4]);
            });
        }

        return output.ToArray();
    }

    private static void WriteBlock(MemoryStream output, uint type, bool bigEndian, Action<MemoryStream> writeBody)
    {
        var body = new MemoryStream();
        writeBody(body);
        uint length = (uint)body.Length + 12;
        WriteUInt32(output, type, bigEndian);
        WriteUInt32(output, length, bigEndian);
        body.WriteTo(output);
        WriteUInt32(output, length, bigEndian);
    }

    private static void WriteUInt32(Stream output, uint value, bool bigEndian)
    {
        Span<byte> bytes = stackalloc byte[4];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        }

        output.Write(bytes);
    }

    private static void WriteUInt16(Stream output, ushort value, bool bigEndian)
    {
        Span<byte> bytes = stackalloc byte[2];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        }

        output.Write(bytes);
    }
}
