using System.Net;
using EdgeLstm.Features.Decoding;
using EdgeLstm.Features.Windows;

namespace EdgeLstm.Features.Tests.Windows;

public sealed class AddressFilterTests
{
    [Theory]
    [InlineData("224.0.0.251", false)]
    [InlineData("239.255.255.250", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("ff02::fb", false)]
    [InlineData("::", false)]
    [InlineData("192.168.1.255", true)]
    [InlineData("223.255.255.255", true)]
    [InlineData("240.0.0.1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("::1", true)]
    public void Tracks_DefaultOptions_RefusesMulticastBroadcastAndUnspecified(string address, bool tracked)
    {
        var filter = new AddressFilter(new WindowFeatureOptions());

        Assert.Equal(tracked, filter.Tracks(HostAddress.Parse(address)));
    }

    [Theory]
    [InlineData("192.168.1.1", false)]
    [InlineData("192.168.1.2", true)]
    [InlineData("10.20.30.40", false)]
    [InlineData("11.0.0.1", true)]
    [InlineData("fd00::1234", false)]
    [InlineData("fe00::1", true)]
    public void Tracks_IgnoredNetworks_RefusesTheirAddresses(string address, bool tracked)
    {
        Assert.True(WindowFeatureOptions.TryParseNetworks(["192.168.1.1", "10.0.0.0/8,fd00::/8"], out IReadOnlyList<IPNetwork> networks, out _));
        var filter = new AddressFilter(new WindowFeatureOptions { IgnoreNetworks = networks });

        Assert.Equal(tracked, filter.Tracks(HostAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/x")]
    [InlineData("gateway")]
    public void TryParseNetworks_BadEntry_NamesIt(string entry)
    {
        Assert.False(WindowFeatureOptions.TryParseNetworks(["192.168.1.0/24", entry], out _, out string? bad));

        Assert.Equal(entry, bad);
    }

    [Fact]
    public void Tracks_TrackNonUnicast_TracksMulticast()
    {
        var filter = new AddressFilter(new WindowFeatureOptions { TrackNonUnicast = true });

        Assert.True(filter.Tracks(HostAddress.Parse("224.0.0.22")));
    }
}
