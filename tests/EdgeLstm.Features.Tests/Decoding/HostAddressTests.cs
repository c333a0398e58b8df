using System.Net;
using EdgeLstm.Features.Decoding;

namespace EdgeLstm.Features.Tests.Decoding;

public sealed class HostAddressTests
{
    [Theory]
    [InlineData("192.168.1.20", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("2001:db8::42", false)]
    [InlineData("::ffff:10.0.0.1", true)]
    public void Parse_Text_RoundTripsAndKnowsFamily(string text, bool isIPv4)
    {
        HostAddress address = HostAddress.Parse(text);

        Assert.Equal(isIPv4, address.IsIPv4);
        Assert.Equal(IPAddress.Parse(text).MapToIPv6(), address.ToIPAddress().MapToIPv6());
    }

    [Fact]
    public void FromIPv4_Bytes_EqualsParsed()
    {
        Assert.Equal(HostAddress.Parse("10.1.2.3"), HostAddress.FromIPv4([10, 1, 2, 3]));
        Assert.Equal("10.1.2.3", HostAddress.FromIPv4([10, 1, 2, 3]).ToString());
    }

    [Fact]
    public void TryParse_NotAnAddress_ReturnsFalse()
    {
        Assert.False(HostAddress.TryParse("not-an-address", out _));
    }

    [Fact]
    public void TryFormat_ManyAddresses_EqualsIPAddressToString()
    {
        var random = new Random(5);
        Span<char> text = stackalloc char[HostAddress.MaxFormattedLength];
        byte[] bytes = new byte[16];
        for (int i = 0; i < 20_000; i++)
        {
            random.NextBytes(bytes);
            for (int g = 0; g < 8; g++)
            {
                // Zero groups in runs of every length, so "::" compression is exercised.
                if (random.Next(3) == 0)
                {
                    bytes[2 * g] = bytes[(2 * g) + 1] = 0;
                }
            }

            var ip = new IPAddress(i % 4 == 0 ? bytes[..4] : bytes);
            HostAddress address = HostAddress.FromIPAddress(ip);

            Assert.True(address.TryFormat(text, out int written));
            Assert.Equal(ip.ToString(), new string(text[..written]));
        }
    }

    [Theory]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("::10.0.0.1")]
    [InlineData("1::")]
    [InlineData("fe80::1:0:0:2")]
    [InlineData("0.0.0.0")]
    public void ToString_EdgeAddresses_EqualsIPAddressToString(string text)
    {
        Assert.Equal(IPAddress.Parse(text).ToString(), HostAddress.Parse(text).ToString());
    }

    [Theory]
    [InlineData("untracked->192.168.1.5")]
    [InlineData("untracked->fd00::5")]
    [InlineData("untracked->*")]
    public void TryParse_AggregateName_RoundTripsAsAggregate(string text)
    {
        Assert.True(HostAddress.TryParse(text, out HostAddress address));

        Assert.True(address.IsAggregate);
        Assert.Equal(text, address.ToString());
        Assert.NotEqual(address.WithoutKind(), address);
    }

    [Fact]
    public void UntrackedPeersOf_Host_DiffersFromTheHostAndNamesIt()
    {
        HostAddress host = HostAddress.Parse("192.168.1.5");

        HostAddress aggregate = HostAddress.UntrackedPeersOf(host);

        Assert.NotEqual(host, aggregate);
        Assert.Equal(HostAddressKind.UntrackedPeers, aggregate.Kind);
        Assert.Equal(host, aggregate.WithoutKind());
        Assert.Equal("untracked->192.168.1.5", aggregate.ToString());
    }

    [Fact]
    public void TryParse_AggregateOfAggregate_ReturnsFalse()
    {
        Assert.False(HostAddress.TryParse("untracked->untracked->*", out _));
    }
}
