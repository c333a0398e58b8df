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
}
