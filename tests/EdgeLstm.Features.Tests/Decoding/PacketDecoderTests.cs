using System.Buffers.Binary;
using EdgeLstm.Features.Capture;
using EdgeLstm.Features.Decoding;
using EdgeLstm.Features.Tests.TestSupport;

namespace EdgeLstm.Features.Tests.Decoding;

public sealed class PacketDecoderTests
{
    private static readonly byte[] s_udpDatagram = FrameBuilder.IPv4("192.0.2.1", "198.51.100.2", 17, FrameBuilder.UdpHeader(1234, 53, FrameBuilder.DnsQuery(3)));

    private static DecodedPacket DecodeOk(LinkType linkType, byte[] frame)
    {
        Assert.Equal(DecodeStatus.Ok, PacketDecoder.DecodeFrame(linkType, frame, 0, frame.Length, out DecodedPacket packet));
        return packet;
    }

    private static void AssertUdpDns(DecodedPacket packet)
    {
        Assert.Equal(NetworkProtocol.IPv4, packet.Network);
        Assert.Equal(TransportProtocol.Udp, packet.Transport);
        Assert.Equal(HostAddress.Parse("192.0.2.1"), packet.Source);
        Assert.Equal(HostAddress.Parse("198.51.100.2"), packet.Destination);
        Assert.Equal(1234, packet.SourcePort);
        Assert.Equal(53, packet.DestinationPort);
        Assert.Equal(3, packet.DnsQueryCount);
    }

    [Fact]
    public void DecodeFrame_LinuxSll_DecodesIPv4()
    {
        byte[] header = new byte[16];
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(14), 0x0800);

        AssertUdpDns(DecodeOk(LinkType.LinuxSll, [.. header, .. s_udpDatagram]));
    }

    [Fact]
    public void DecodeFrame_LinuxSll2_DecodesIPv4()
    {
        byte[] header = new byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(header, 0x0800);

        AssertUdpDns(DecodeOk(LinkType.LinuxSll2, [.. header, .. s_udpDatagram]));
    }

    [Theory]
    [InlineData(LinkType.Null, false)]
    [InlineData(LinkType.Null, true)]
    [InlineData(LinkType.Loop, true)]
    public void DecodeFrame_Loopback_DecodesFamilyInEitherByteOrder(LinkType linkType, bool bigEndian)
    {
        byte[] header = new byte[4];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(header, 2);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header, 2);
        }

        AssertUdpDns(DecodeOk(linkType, [.. header, .. s_udpDatagram]));
    }

    [Theory]
    [InlineData(LinkType.Raw)]
    [InlineData(LinkType.RawDlt)]
    [InlineData(LinkType.Ipv4)]
    public void DecodeFrame_RawIPv4_Decodes(LinkType linkType)
    {
        AssertUdpDns(DecodeOk(linkType, s_udpDatagram));
    }

    [Fact]
    public void DecodeFrame_QinQ_DecodesInnerIPv4AndOuterVlan()
    {
        byte[] tags = [0x00, 0x64, 0x81, 0x00, 0x00, 0xC8, 0x08, 0x00];
        byte[] frame = FrameBuilder.Ethernet(0x88A8, [.. tags, .. s_udpDatagram]);

        DecodedPacket packet = DecodeOk(LinkType.Ethernet, frame);

        AssertUdpDns(packet);
        Assert.Equal(100, packet.VlanId);
    }

    [Fact]
    public void DecodeFrame_IPv4WithOptions_FindsTransportAfterOptions()
    {
        byte[] datagram = FrameBuilder.IPv4("192.0.2.1", "198.51.100.2", 6, FrameBuilder.TcpHeader(80, 5555, FrameBuilder.Syn | FrameBuilder.Ack), options: [0x94, 0x04, 0, 0]);

        DecodedPacket packet = DecodeOk(LinkType.Raw, datagram);

        Assert.Equal(TransportProtocol.Tcp, packet.Transport);
        Assert.Equal(80, packet.SourcePort);
        Assert.Equal(TcpControlBits.Syn | TcpControlBits.Ack, packet.TcpFlags);
    }

    [Fact]
    public void DecodeFrame_LaterIPv4Fragment_HasNoTransport()
    {
        byte[] datagram = FrameBuilder.IPv4("192.0.2.1", "198.51.100.2", 17, new byte[100], fragment: 185);

        DecodedPacket packet = DecodeOk(LinkType.Raw, datagram);

        Assert.True(packet.IsFragment);
        Assert.Equal(TransportProtocol.None, packet.Transport);
        Assert.Equal(17, packet.IPProtocol);
        Assert.Equal(0, packet.SourcePort);
    }

    [Fact]
    public void DecodeFrame_IPv6HopByHopAndFirstFragment_FindsTcp()
    {
        byte[] hopByHop = [44, 0, 1, 4, 0, 0, 0, 0];
        byte[] fragment = [6, 0, 0, 1, 0, 0, 0, 42];
        byte[] tcp = FrameBuilder.TcpHeader(443, 50000, FrameBuilder.Rst);
        byte[] datagram = FrameBuilder.IPv6("2001:db8::1", "2001:db8::2", 0, [.. hopByHop, .. fragment, .. tcp]);

        DecodedPacket packet = DecodeOk(LinkType.Ethernet, FrameBuilder.Ethernet(0x86DD, datagram));

        Assert.Equal(NetworkProtocol.IPv6, packet.Network);
        Assert.Equal(TransportProtocol.Tcp, packet.Transport);
        Assert.True(packet.IsFragment);
        Assert.Equal(TcpControlBits.Rst, packet.TcpFlags);
        Assert.Equal(HostAddress.Parse("2001:db8::2"), packet.Destination);
        Assert.Equal("2001:db8::1", packet.Source.ToString());
    }

    [Fact]
    public void DecodeFrame_IcmpV6Unreachable_IsDestinationUnreachable()
    {
        byte[] datagram = FrameBuilder.IPv6("2001:db8::1", "2001:db8::2", 58, [1, 4, 0, 0, 0, 0, 0, 0]);

        DecodedPacket packet = DecodeOk(LinkType.Ipv6, datagram);

        Assert.Equal(TransportProtocol.Icmpv6, packet.Transport);
        Assert.True(packet.IsDestinationUnreachable);
    }

    [Fact]
    public void DecodeFrame_ArpRequest_UsesProtocolAddresses()
    {
        byte[] arp = [0, 1, 8, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0, 1, 10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 10, 0, 0, 9];

        DecodedPacket packet = DecodeOk(LinkType.Ethernet, FrameBuilder.Ethernet(0x0806, arp));

        Assert.Equal(NetworkProtocol.Arp, packet.Network);
        Assert.Equal(1, packet.ArpOperation);
        Assert.Equal(HostAddress.Parse("10.0.0.1"), packet.Source);
        Assert.Equal(HostAddress.Parse("10.0.0.9"), packet.Destination);
    }

    [Fact]
    public void DecodeFrame_DnsResponse_CountsNoQuery()
    {
        byte[] datagram = FrameBuilder.IPv4("198.51.100.2", "192.0.2.1", 17, FrameBuilder.UdpHeader(53, 1234, FrameBuilder.DnsQuery(1, response: true)));

        Assert.Equal(0, DecodeOk(LinkType.Raw, datagram).DnsQueryCount);
    }

    [Fact]
    public void DecodeFrame_EthernetPadding_UsesIPTotalLength()
    {
        byte[] frame = FrameBuilder.Tcp("192.0.2.1", "198.51.100.2", 1, 2, FrameBuilder.Ack);
        byte[] padded = [.. frame, 0, 0, 0, 0, 0, 0];

        DecodedPacket packet = DecodeOk(LinkType.Ethernet, padded);

        Assert.Equal(0, packet.PayloadLength);
        Assert.Equal(padded.Length, packet.WireLength);
    }

    public static TheoryData<string, DecodeStatus> Malformed => new()
    {
        { "short-ethernet", DecodeStatus.TruncatedLinkHeader },
        { "short-ipv4", DecodeStatus.TruncatedIPv4Header },
        { "bad-ihl", DecodeStatus.MalformedIPv4Header },
        { "short-tcp", DecodeStatus.TruncatedTcpHeader },
        { "bad-tcp-offset", DecodeStatus.MalformedTcpHeader },
        { "short-udp", DecodeStatus.TruncatedUdpHeader },
        { "short-ipv6", DecodeStatus.TruncatedIPv6Header },
        { "too-many-tags", DecodeStatus.TooManyVlanTags },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Decode_MalformedFrame_CountsReason(string kind, DecodeStatus expected)
    {
        byte[] tcp = FrameBuilder.Tcp("192.0.2.1", "198.51.100.2", 1, 2, FrameBuilder.Syn);
        byte[] frame = kind switch
        {
            "short-ethernet" => tcp[..10],
            "short-ipv4" => tcp[..30],
            "bad-ihl" => Patch(tcp, 14, 0x43),
            "short-tcp" => tcp[..40],
            "bad-tcp-offset" => Patch(tcp, 14 + 20 + 12, 0xF0),
            "short-udp" => FrameBuilder.Udp("192.0.2.1", "198.51.100.2", 1, 2)[..38],
            "short-ipv6" => FrameBuilder.Ethernet(0x86DD, new byte[39]),
            _ => FrameBuilder.Ethernet(0x8100, [.. Enumerable.Repeat<byte[]>([0, 1, 0x81, 0], 5).SelectMany(b => b), .. new byte[40]]),
        };
        var decoder = new PacketDecoder();

        DecodeStatus status = decoder.Decode(new RawPacket(0, LinkType.Ethernet, frame.Length, frame), out _);

        Assert.Equal(expected, status);
        Assert.Equal(1, decoder.GetCount(expected));
        Assert.Equal(1, decoder.TotalPackets);
    }

    [Fact]
    public void Decode_UnknownLinkType_CountsUnsupported()
    {
        var decoder = new PacketDecoder();

        Assert.Equal(DecodeStatus.UnsupportedLinkType, decoder.Decode(new RawPacket(0, (LinkType)147, 10, new byte[10]), out _));
        Assert.Equal(1, decoder.GetCount(DecodeStatus.UnsupportedLinkType));
    }

    private static byte[] Patch(byte[] source, int index, byte value)
    {
        byte[] copy = (byte[])source.Clone();
        copy[index] = value;
        return copy;
    }
}
