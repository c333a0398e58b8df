using System.Buffers.Binary;
using System.Net;

namespace EdgeLstm.Features.Decoding;

/// <summary>Represents an IPv4 or IPv6 address as a 128-bit value, IPv4 as an IPv4-mapped IPv6 address,
/// so that hosts can be keyed and compared without allocating.</summary>
public readonly record struct HostAddress
{
    private const ulong Ipv4MappedHigh = 0;
    private const ulong Ipv4MappedPrefix = 0x0000_FFFF_0000_0000;

    /// <summary>Initializes an address from its two 64-bit halves (network byte order, high half first).</summary>
    /// <param name="high">The first eight bytes.</param>
    /// <param name="low">The last eight bytes.</param>
    public HostAddress(ulong high, ulong low)
    {
        High = high;
        Low = low;
    }

    /// <summary>Gets the first eight bytes of the IPv6 form.</summary>
    public ulong High { get; }

    /// <summary>Gets the last eight bytes of the IPv6 form.</summary>
    public ulong Low { get; }

    /// <summary>Gets a value indicating whether this is an IPv4 address.</summary>
    public bool IsIPv4 => High == Ipv4MappedHigh && (Low & 0xFFFF_FFFF_0000_0000) == Ipv4MappedPrefix;

    /// <summary>Creates an address from four IPv4 bytes.</summary>
    /// <param name="bytes">At least four bytes; the first four are the address.</param>
    /// <returns>The IPv4-mapped address.</returns>
    public static HostAddress FromIPv4(ReadOnlySpan<byte> bytes) =>
        new(Ipv4MappedHigh, Ipv4MappedPrefix | BinaryPrimitives.ReadUInt32BigEndian(bytes));

    /// <summary>Creates an address from sixteen IPv6 bytes.</summary>
    /// <param name="bytes">At least sixteen bytes; the first sixteen are the address.</param>
    /// <returns>The address.</returns>
    public static HostAddress FromIPv6(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));

    /// <summary>Converts an <see cref="IPAddress"/>.</summary>
    /// <param name="address">An IPv4 or IPv6 address.</param>
    /// <returns>The address.</returns>
    public static HostAddress FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        address.MapToIPv6().TryWriteBytes(bytes, out _);
        return FromIPv6(bytes);
    }

    /// <summary>Parses the text form of an IPv4 or IPv6 address.</summary>
    /// <param name="text">Such as <c>192.168.1.2</c> or <c>fe80::1</c>.</param>
    /// <returns>The address.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> is not an address.</exception>
    public static HostAddress Parse(string text) => FromIPAddress(IPAddress.Parse(text));

    /// <summary>Parses the text form of an IPv4 or IPv6 address.</summary>
    /// <param name="text">Such as <c>192.168.1.2</c> or <c>fe80::1</c>.</param>
    /// <param name="address">The address, when the method returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is an address.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out HostAddress address)
    {
        if (IPAddress.TryParse(text, out IPAddress? parsed))
        {
            address = FromIPAddress(parsed);
            return true;
        }

        address = default;
        return false;
    }

    /// <summary>Converts to an <see cref="IPAddress"/> (IPv4 addresses in their four-byte form).</summary>
    /// <returns>The address.</returns>
    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, High);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], Low);
        return IsIPv4 ? new IPAddress(bytes[12..]) : new IPAddress(bytes);
    }

    /// <summary>Returns the usual text form (dotted quad for IPv4).</summary>
    /// <returns>The address as text.</returns>
    public override string ToString() => ToIPAddress().ToString();
}
