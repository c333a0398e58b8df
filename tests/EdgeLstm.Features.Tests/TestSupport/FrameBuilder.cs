using System.Buffers.Binary;
using System.Net;

namespace EdgeLstm.Features.Tests.TestSupport;

/// <summary>Builds Ethernet frames with IPv4/IPv6 and TCP/UDP/ICMP headers for hand-made captures.</summary>
internal static class FrameBuilder
{
    public const byte Fin = 0x01;
    public const byte Syn = 0x02;
    public const byte Rst = 0x04;
    public const byte Psh = 0x08;
    public const byte Ack = 0x10;

    public static byte[] Tcp(string source, string destination, ushort sourcePort, ushort destinationPort, byte flags, int payload = 0) =>
        Ethernet(0x0800, IPv4(source, destination, 6, TcpHeader(sourcePort, destinationPort, flags, payload)));

    public static byte[] Udp(string source, string destination, ushort sourcePort, ushort destinationPort, byte[]? payload = null) =>
        Ethernet(0x0800, IPv4(source, destination, 17, UdpHeader(sourcePort, destinationPort, payload ?? [])));

    public static byte[] Icmp(string source, string destination, byte type, byte code) =>
        Ethernet(0x0800, IPv4(source, destination, 1, [type, code, 0, 0, 0, 0, 0, 0]));

    public static byte[] Ethernet(ushort etherType, byte[] payload)
    {
        byte[] frame = new byte[14 + payload.Length];
        frame[0] = 0x02;
        frame[6] = 0x02;
        frame[11] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), etherType);
        payload.CopyTo(frame, 14);
        return frame;
    }

    public static byte[] IPv4(string source, string destination, byte protocol, byte[] payload, byte[]? options = null, ushort fragment = 0)
    {
        options ??= [];
        int headerLength = 20 + options.Length;
        byte[] datagram = new byte[headerLength + payload.Length];
        datagram[0] = (byte)(0x40 | (headerLength / 4));
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(2), (ushort)datagram.Length);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(6), fragment);
        datagram[8] = 64;
        datagram[9] = protocol;
        IPAddress.Parse(source).GetAddressBytes().CopyTo(datagram, 12);
        IPAddress.Parse(destination).GetAddressBytes().CopyTo(datagram, 16);
        options.CopyTo(datagram, 20);
        payload.CopyTo(datagram, headerLength);
        return datagram;
    }

    public static byte[] IPv6(string source, string destination, byte nextHeader, byte[] payload)
    {
        byte[] datagram = new byte[40 + payload.Length];
        datagram[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(4), (ushort)payload.Length);
        datagram[6] = nextHeader;
        datagram[7] = 64;
        IPAddress.Parse(source).GetAddressBytes().CopyTo(datagram, 8);
        IPAddress.Parse(destination).GetAddressBytes().CopyTo(datagram, 24);
        payload.CopyTo(datagram, 40);
        return datagram;
    }

    public static byte[] TcpHeader(ushort sourcePort, ushort destinationPort, byte flags, int payload = 0)
    {
        byte[] segment = new byte[20 + payload];
        BinaryPrimitives.WriteUInt16BigEndian(segment, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), destinationPort);
        segment[12] = 0x50;
        segment[13] = flags;
        return segment;
    }

    public static byte[] UdpHeader(ushort sourcePort, ushort destinationPort, byte[] payload)
    {
        byte[] datagram = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(datagram, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(4), (ushort)datagram.Length);
        payload.CopyTo(datagram, 8);
        return datagram;
    }

    /// <summary>A DNS query header with the given number of questions (question bodies omitted).</summary>
    public static byte[] DnsQuery(ushort questions, bool response = false)
    {
        byte[] header = new byte[12];
        header[2] = response ? (byte)0x80 : (byte)0x01;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), questions);
        return header;
    }
}
