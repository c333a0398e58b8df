using System.Net;
using System.Net.Sockets;
using EdgeLstm.Features.Decoding;

namespace EdgeLstm.Features.Windows;

/// <summary>Decides which addresses are tracked as hosts: not multicast, broadcast or unspecified addresses (unless
/// asked), and none inside an ignored network.</summary>
/// <remarks>Networks are kept as 128-bit prefix and mask pairs of the IPv4-mapped form, so a check costs a few
/// compares per ignored network and allocates nothing.</remarks>
internal sealed class AddressFilter
{
    private readonly bool _trackNonUnicast;
    private readonly (ulong High, ulong Low, ulong MaskHigh, ulong MaskLow)[] _ignored;

    /// <summary>Initializes a filter from the extractor's options.</summary>
    public AddressFilter(WindowFeatureOptions options)
    {
        _trackNonUnicast = options.TrackNonUnicast;
        _ignored = options.IgnoreNetworks.Select(ToMasked).ToArray();
    }

    /// <summary>Returns whether the address is tracked as a host.</summary>
    public bool Tracks(HostAddress address)
    {
        if (!_trackNonUnicast && IsNonUnicast(address))
        {
            return false;
        }

        foreach ((ulong high, ulong low, ulong maskHigh, ulong maskLow) in _ignored)
        {
            if ((address.High & maskHigh) == high && (address.Low & maskLow) == low)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns whether the address is multicast (224.0.0.0/4, ff00::/8), the limited broadcast 255.255.255.255
    /// or unspecified (0.0.0.0, ::).</summary>
    public static bool IsNonUnicast(HostAddress address)
    {
        if (address.IsIPv4)
        {
            uint v4 = (uint)address.Low;
            return v4 == 0 || v4 == uint.MaxValue || (v4 >> 28) == 0xE;
        }

        return (address.High >> 56) == 0xFF || (address.High == 0 && address.Low == 0);
    }

    private static (ulong, ulong, ulong, ulong) ToMasked(IPNetwork network)
    {
        int prefix = network.PrefixLength;
        if (network.BaseAddress.AddressFamily == AddressFamily.InterNetwork)
        {
            prefix += 96;
        }

        HostAddress baseAddress = HostAddress.FromIPAddress(network.BaseAddress);
        ulong maskHigh = prefix >= 64 ? ulong.MaxValue : prefix == 0 ? 0 : ulong.MaxValue << (64 - prefix);
        ulong maskLow = prefix <= 64 ? 0 : prefix == 128 ? ulong.MaxValue : ulong.MaxValue << (128 - prefix);
        return (baseAddress.High & maskHigh, baseAddress.Low & maskLow, maskHigh, maskLow);
    }
}
