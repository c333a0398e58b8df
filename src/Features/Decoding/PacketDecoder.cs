using System.Buffers.Binary;
using EdgeLstm.Features.Capture;

namespace EdgeLstm.Features.Decoding;

/// <summary>Decodes link, network and transport headers into a <see cref="DecodedPacket"/>, and counts the
/// packets it skips by reason.</summary>
/// <remarks>
/// Every read is bounds-checked against the captured bytes, so no input can make the decoder throw or read
/// out of bounds. A payload cut short by the snap length is not an error; a header cut short is.
/// Not thread-safe: use one decoder per thread.
/// </remarks>
public sealed class PacketDecoder
{
    private const int MaxVlanTags = 4;
    private const int MaxIPv6ExtensionHeaders = 8;
    private const ushort EtherTypeIPv4 = 0x0800;
    private const ushort EtherTypeArp = 0x0806;
    private const ushort EtherTypeIPv6 = 0x86DD;
    private const byte ProtocolIcmp = 1;
    private const byte ProtocolTcp = 6;
    private const byte ProtocolUdp = 17;
    private const byte ProtocolIcmpv6 = 58;

    private readonly long[] _counts = new long[Enum.GetValues<DecodeStatus>().Length];

    /// <summary>Gets the number of packets given to the decoder.</summary>
    public long TotalPackets { get; private set; }

    /// <summary>Gets the number of packets skipped because they could not be decoded (every outcome but Ok).</summary>
    public long SkippedPackets => TotalPackets - _counts[(int)DecodeStatus.Ok];

    /// <summary>Returns how many packets ended with <paramref name="status"/>.</summary>
    /// <param name="status">A decode outcome.</param>
    /// <returns>The count since the decoder was created.</returns>
    public long GetCount(DecodeStatus status) => _counts[(int)status];

    /// <summary>Decodes one captured packet and counts the outcome.</summary>
    /// <param name="raw">The captured frame.</param>
    /// <param name="packet">The decoded fields; meaningful only when the result is <see cref="DecodeStatus.Ok"/>.</param>
    /// <returns><see cref="DecodeStatus.Ok"/>, or why the packet must be skipped.</returns>
    public DecodeStatus Decode(in RawPacket raw, out DecodedPacket packet)
    {
        DecodeStatus status = DecodeFrame(raw.LinkType, raw.Data, raw.TimestampNanoseconds, raw.OriginalLength, out packet);
        _counts[(int)status]++;
        TotalPackets++;
        return status;
    }

    /// <summary>Decodes one frame without counting.</summary>
    /// <param name="linkType">The frame's link-layer header type.</param>
    /// <param name="frame">The captured bytes.</param>
    /// <param name="timestampNanoseconds">The capture time, copied to the result.</param>
    /// <param name="wireLength">The length on the wire, copied to the result.</param>
    /// <param name="packet">The decoded fields.</param>
    /// <returns><see cref="DecodeStatus.Ok"/>, or why the packet must be skipped.</returns>
    public static DecodeStatus DecodeFrame(LinkType linkType, ReadOnlySpan<byte> frame, long timestampNanoseconds, int wireLength, out DecodedPacket packet)
    {
        packet = default;
        packet.TimestampNanoseconds = timestampNanoseconds;
        packet.WireLength = Math.Max(wireLength, frame.Length);
        switch (linkType)
        {
            case LinkType.Ethernet:
                return DecodeEthernet(frame, ref packet);
            case LinkType.Raw or LinkType.RawDlt:
                return frame.Length == 0 ? DecodeStatus.TruncatedIPv4Header : DecodeIP(frame, ref packet);
            case LinkType.Ipv4:
                return DecodeIPv4(frame, ref packet);
            case LinkType.Ipv6:
                return DecodeIPv6(frame, ref packet);
            case LinkType.Null or LinkType.Loop:
                return DecodeLoopback(frame, ref packet);
            case LinkType.LinuxSll:
                return frame.Length < 16
                    ? DecodeStatus.TruncatedLinkHeader
                    : DecodeEtherType(BinaryPrimitives.ReadUInt16BigEndian(frame[14..]), frame[16..], ref packet);
            case LinkType.LinuxSll2:
                return frame.Length < 20
                    ? DecodeStatus.TruncatedLinkHeader
                    : DecodeEtherType(BinaryPrimitives.ReadUInt16BigEndian(frame), frame[20..], ref packet);
            default:
                return DecodeStatus.UnsupportedLinkType;
        }
    }

    private static DecodeStatus DecodeEthernet(ReadOnlySpan<byte> frame, ref DecodedPacket packet)
    {
        if (frame.Length < 14)
        {
            return DecodeStatus.TruncatedLinkHeader;
        }

        ushort etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
        int offset = 14;
        int tags = 0;
        while (etherType is 0x8100 or 0x88A8 or 0x9100)
        {
            if (++tags > MaxVlanTags)
            {
                return DecodeStatus.TooManyVlanTags;
            }

            if (frame.Length < offset + 4)
            {
                return DecodeStatus.TruncatedLinkHeader;
            }

            if (tags == 1)
            {
                packet.VlanId = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]) & 0x0FFF);
            }

            etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 2)..]);
            offset += 4;
        }

        return DecodeEtherType(etherType, frame[offset..], ref packet);
    }

    private static DecodeStatus DecodeLoopback(ReadOnlySpan<byte> frame, ref DecodedPacket packet)
    {
        if (frame.Length < 4)
        {
            return DecodeStatus.TruncatedLinkHeader;
        }

        // DLT_NULL stores the family in the capturing host's byte order; either order is tried. IPv6's value
        // differs between BSDs (24, 28, 30) and Linux (10).
        uint family = BinaryPrimitives.ReadUInt32LittleEndian(frame);
        if (family > 0xFFFF)
        {
            family = BinaryPrimitives.ReadUInt32BigEndian(frame);
        }

        return family switch
        {
            2 => DecodeIPv4(frame[4..], ref packet),
            10 or 24 or 28 or 30 => DecodeIPv6(frame[4..], ref packet),
            _ => Other(ref packet),
        };
    }

    private static DecodeStatus DecodeEtherType(ushort etherType, ReadOnlySpan<byte> payload, ref DecodedPacket packet) => etherType switch
    {
        EtherTypeIPv4 => DecodeIPv4(payload, ref packet),
        EtherTypeIPv6 => DecodeIPv6(payload, ref packet),
        EtherTypeArp => DecodeArp(payload, ref packet),
        _ => Other(ref packet),
    };

    private static DecodeStatus Other(ref DecodedPacket packet)
    {
        packet.Network = NetworkProtocol.Other;
        return DecodeStatus.Ok;
    }

    private static DecodeStatus DecodeIP(ReadOnlySpan<byte> datagram, ref DecodedPacket packet) => (datagram[0] >> 4) switch
    {
        4 => DecodeIPv4(datagram, ref packet),
        6 => DecodeIPv6(datagram, ref packet),
        _ => DecodeStatus.MalformedIPv4Header,
    };

    private static DecodeStatus DecodeArp(ReadOnlySpan<byte> payload, ref DecodedPacket packet)
    {
        packet.Network = NetworkProtocol.Arp;
        if (payload.Length < 8)
        {
            return DecodeStatus.TruncatedArp;
        }

        ushort hardwareType = BinaryPrimitives.ReadUInt16BigEndian(payload);
        ushort protocolType = BinaryPrimitives.ReadUInt16BigEndian(payload[2..]);
        byte hardwareLength = payload[4];
        byte protocolLength = payload[5];
        packet.ArpOperation = BinaryPrimitives.ReadUInt16BigEndian(payload[6..]);
        if (hardwareType != 1 || protocolType != EtherTypeIPv4 || hardwareLength != 6 || protocolLength != 4)
        {
            return DecodeStatus.Ok;
        }

        if (payload.Length < 28)
        {
            return DecodeStatus.TruncatedArp;
        }

        packet.Source = HostAddress.FromIPv4(payload[14..]);
        packet.Destination = HostAddress.FromIPv4(payload[24..]);
        packet.HasAddresses = true;
        return DecodeStatus.Ok;
    }

    private static DecodeStatus DecodeIPv4(ReadOnlySpan<byte> datagram, ref DecodedPacket packet)
    {
        if (datagram.Length < 20)
        {
            return DecodeStatus.TruncatedIPv4Header;
        }

        int headerLength = (datagram[0] & 0x0F) * 4;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if (datagram[0] >> 4 != 4 || headerLength < 20 || totalLength < headerLength)
        {
            return DecodeStatus.MalformedIPv4Header;
        }

        if (datagram.Length < headerLength)
        {
            return DecodeStatus.TruncatedIPv4Header;
        }

        packet.Network = NetworkProtocol.IPv4;
        packet.IPLength = totalLength;
        packet.HopLimit = datagram[8];
        packet.IPProtocol = datagram[9];
        packet.Source = HostAddress.FromIPv4(datagram[12..]);
        packet.Destination = HostAddress.FromIPv4(datagram[16..]);
        packet.HasAddresses = true;

        ushort fragment = BinaryPrimitives.ReadUInt16BigEndian(datagram[6..]);
        bool moreFragments = (fragment & 0x2000) != 0;
        int fragmentOffset = fragment & 0x1FFF;
        packet.IsFragment = moreFragments || fragmentOffset != 0;

        // Ethernet pads short frames: the IP total length, not the frame, says where the datagram ends.
        ReadOnlySpan<byte> payload = datagram[headerLength..Math.Min(datagram.Length, totalLength)];
        int payloadLength = totalLength - headerLength;
        if (fragmentOffset != 0)
        {
            packet.PayloadLength = payloadLength;
            return DecodeStatus.Ok;
        }

        return DecodeTransport(packet.IPProtocol, payload, payloadLength, ref packet);
    }

    private static DecodeStatus DecodeIPv6(ReadOnlySpan<byte> datagram, ref DecodedPacket packet)
    {
        if (datagram.Length < 40)
        {
            return DecodeStatus.TruncatedIPv6Header;
        }

        if (datagram[0] >> 4 != 6)
        {
            return DecodeStatus.MalformedIPv6Header;
        }

        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[4..]);
        packet.Network = NetworkProtocol.IPv6;
        packet.IPLength = 40 + payloadLength;
        packet.HopLimit = datagram[7];
        packet.Source = HostAddress.FromIPv6(datagram[8..]);
        packet.Destination = HostAddress.FromIPv6(datagram[24..]);
        packet.HasAddresses = true;

        byte nextHeader = datagram[6];
        ReadOnlySpan<byte> rest = datagram[40..Math.Min(datagram.Length, 40 + payloadLength)];
        int remaining = payloadLength;
        for (int i = 0; ; i++)
        {
            packet.IPProtocol = nextHeader;
            int extensionLength;
            switch (nextHeader)
            {
                case 0 or 43 or 60 or 135 or 139 or 140:
                    if (rest.Length < 2)
                    {
                        return DecodeStatus.TruncatedIPv6Header;
                    }

                    extensionLength = (rest[1] + 1) * 8;
                    break;
                case 51:
                    if (rest.Length < 2)
                    {
                        return DecodeStatus.TruncatedIPv6Header;
                    }

                    extensionLength = (rest[1] + 2) * 4;
                    break;
                case 44:
                    if (rest.Length < 8)
                    {
                        return DecodeStatus.TruncatedIPv6Header;
                    }

                    extensionLength = 8;
                    packet.IsFragment = true;
                    if ((BinaryPrimitives.ReadUInt16BigEndian(rest[2..]) & 0xFFF8) != 0)
                    {
                        packet.IPProtocol = rest[0];
                        packet.PayloadLength = remaining - 8;
                        return remaining < 8 ? DecodeStatus.MalformedIPv6Header : DecodeStatus.Ok;
                    }

                    break;
                default:
                    return DecodeTransport(nextHeader, rest, remaining, ref packet);
            }

            if (i >= MaxIPv6ExtensionHeaders || extensionLength > remaining)
            {
                return DecodeStatus.MalformedIPv6Header;
            }

            if (extensionLength > rest.Length)
            {
                return DecodeStatus.TruncatedIPv6Header;
            }

            nextHeader = rest[0];
            rest = rest[extensionLength..];
            remaining -= extensionLength;
        }
    }

    private static DecodeStatus DecodeTransport(byte protocol, ReadOnlySpan<byte> segment, int segmentLength, ref DecodedPacket packet)
    {
        switch (protocol)
        {
            case ProtocolTcp:
                packet.Transport = TransportProtocol.Tcp;
                if (segment.Length < 20)
                {
                    return DecodeStatus.TruncatedTcpHeader;
                }

                int dataOffset = (segment[12] >> 4) * 4;
                if (dataOffset < 20 || dataOffset > segmentLength)
                {
                    return DecodeStatus.MalformedTcpHeader;
                }

                packet.SourcePort = BinaryPrimitives.ReadUInt16BigEndian(segment);
                packet.DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(segment[2..]);
                packet.TcpFlags = (TcpControlBits)segment[13];
                packet.PayloadLength = segmentLength - dataOffset;
                if (segment.Length >= dataOffset)
                {
                    CountDnsQuestions(segment[dataOffset..], isTcp: true, ref packet);
                }

                return DecodeStatus.Ok;
            case ProtocolUdp:
                packet.Transport = TransportProtocol.Udp;
                if (segment.Length < 8)
                {
                    return DecodeStatus.TruncatedUdpHeader;
                }

                packet.SourcePort = BinaryPrimitives.ReadUInt16BigEndian(segment);
                packet.DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(segment[2..]);
                packet.PayloadLength = Math.Max(0, segmentLength - 8);
                CountDnsQuestions(segment[8..], isTcp: false, ref packet);
                return DecodeStatus.Ok;
            case ProtocolIcmp or ProtocolIcmpv6:
                packet.Transport = protocol == ProtocolIcmp ? TransportProtocol.Icmp : TransportProtocol.Icmpv6;
                if (segment.Length < 4)
                {
                    return DecodeStatus.TruncatedIcmpHeader;
                }

                packet.IcmpType = segment[0];
                packet.IcmpCode = segment[1];
                packet.PayloadLength = Math.Max(0, segmentLength - 4);
                return DecodeStatus.Ok;
            default:
                packet.Transport = TransportProtocol.Other;
                packet.PayloadLength = segmentLength;
                return DecodeStatus.Ok;
        }
    }

    private static void CountDnsQuestions(ReadOnlySpan<byte> payload, bool isTcp, ref DecodedPacket packet)
    {
        if (packet.DestinationPort is not (53 or 5353) && packet.SourcePort is not (53 or 5353))
        {
            return;
        }

        // DNS over TCP prefixes each message with its two-byte length (RFC 1035, 4.2.2).
        int start = isTcp ? 2 : 0;
        if (payload.Length < start + 12)
        {
            return;
        }

        ReadOnlySpan<byte> header = payload[start..];
        bool isResponse = (header[2] & 0x80) != 0;
        if (!isResponse)
        {
            packet.DnsQueryCount = BinaryPrimitives.ReadUInt16BigEndian(header[4..]);
        }
    }
}
