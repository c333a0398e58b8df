using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace EdgeLstm.Features.Decoding;

/// <summary>Represents an IPv4 or IPv6 address as a 128-bit value, IPv4 as an IPv4-mapped IPv6 address,
/// so that hosts can be keyed and compared without allocating; or one of the aggregate entities of the host table
/// (<see cref="Kind"/>), which print as <c>untracked-&gt;192.168.1.5</c> and <c>untracked-&gt;*</c>.</summary>
public readonly record struct HostAddress
{
    /// <summary>The longest text <see cref="TryFormat"/> writes: <c>untracked-&gt;</c> and a full IPv6 address.</summary>
    public const int MaxFormattedLength = 11 + 39;

    private const ulong Ipv4MappedHigh = 0;
    private const ulong Ipv4MappedPrefix = 0x0000_FFFF_0000_0000;
    private const string UntrackedPrefix = "untracked->";
    private const string UntrackedRest = UntrackedPrefix + "*";

    private HostAddress(ulong high, ulong low, HostAddressKind kind)
    {
        High = high;
        Low = low;
        Kind = kind;
    }

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

    /// <summary>Gets what this value names: a host (the default) or an aggregate of untracked hosts.</summary>
    public HostAddressKind Kind { get; }

    /// <summary>Gets the aggregate of every untracked host that no per-peer aggregate holds.</summary>
    public static HostAddress Untracked { get; } = new(0, 0, HostAddressKind.Untracked);

    /// <summary>Gets a value indicating whether this is an IPv4 address (for an aggregate, whether its peer is).</summary>
    public bool IsIPv4 => High == Ipv4MappedHigh && (Low & 0xFFFF_FFFF_0000_0000) == Ipv4MappedPrefix;

    /// <summary>Gets a value indicating whether this names an aggregate of untracked hosts rather than one host.</summary>
    public bool IsAggregate => Kind != HostAddressKind.Host;

    /// <summary>Returns the aggregate entity of the untracked hosts that exchange packets with a tracked host.</summary>
    /// <param name="peer">The tracked host (a host address, not an aggregate).</param>
    /// <returns>The aggregate, printed <c>untracked-&gt;</c> followed by <paramref name="peer"/>.</returns>
    public static HostAddress UntrackedPeersOf(HostAddress peer) => new(peer.High, peer.Low, HostAddressKind.UntrackedPeers);

    /// <summary>Returns the host address an aggregate of untracked peers belongs to, or the address itself for a host.</summary>
    /// <returns>The address without its aggregate kind.</returns>
    public HostAddress WithoutKind() => new(High, Low);

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

    /// <summary>Parses the text form of an IPv4 or IPv6 address, or of an aggregate entity (<c>untracked-&gt;192.168.1.2</c>,
    /// <c>untracked-&gt;*</c>).</summary>
    /// <param name="text">Such as <c>192.168.1.2</c> or <c>fe80::1</c>.</param>
    /// <param name="address">The address, when the method returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is an address.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out HostAddress address)
    {
        if (text.SequenceEqual(UntrackedRest))
        {
            address = Untracked;
            return true;
        }

        if (text.StartsWith(UntrackedPrefix, StringComparison.Ordinal))
        {
            bool parsedPeer = TryParse(text[UntrackedPrefix.Length..], out HostAddress peer) && !peer.IsAggregate;
            address = parsedPeer ? UntrackedPeersOf(peer) : default;
            return parsedPeer;
        }

        if (IPAddress.TryParse(text, out IPAddress? parsed))
        {
            address = FromIPAddress(parsed);
            return true;
        }

        address = default;
        return false;
    }

    /// <summary>Converts to an <see cref="IPAddress"/> (IPv4 addresses in their four-byte form); for an aggregate of
    /// untracked peers, the peer's address.</summary>
    /// <returns>The address.</returns>
    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, High);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], Low);
        return IsIPv4 ? new IPAddress(bytes[12..]) : new IPAddress(bytes);
    }

    /// <summary>Returns the usual text form (dotted quad for IPv4, RFC 5952 for IPv6), or an aggregate's name.</summary>
    /// <returns>The address as text.</returns>
    public override string ToString()
    {
        Span<char> text = stackalloc char[MaxFormattedLength];
        TryFormat(text, out int written);
        return new string(text[..written]);
    }

    /// <summary>Writes the text form of <see cref="ToString"/> without allocating.</summary>
    /// <param name="destination">Receives the text; <see cref="MaxFormattedLength"/> characters always suffice.</param>
    /// <param name="charsWritten">The number of characters written.</param>
    /// <returns><see langword="true"/> when the text fitted.</returns>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        if (Kind == HostAddressKind.Untracked)
        {
            return TryAppend(destination, UntrackedRest, ref charsWritten);
        }

        if (Kind == HostAddressKind.UntrackedPeers && !TryAppend(destination, UntrackedPrefix, ref charsWritten))
        {
            return false;
        }

        bool written = IsIPv4
            ? TryFormatIPv4((uint)Low, destination[charsWritten..], out int length)
            : TryFormatIPv6(destination[charsWritten..], out length);
        charsWritten += length;
        return written;
    }

    private static bool TryAppend(Span<char> destination, string text, ref int charsWritten)
    {
        if (!text.TryCopyTo(destination[charsWritten..]))
        {
            return false;
        }

        charsWritten += text.Length;
        return true;
    }

    private static bool TryFormatIPv4(uint address, Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        for (int shift = 24; shift >= 0; shift -= 8)
        {
            if (shift < 24)
            {
                if (charsWritten >= destination.Length)
                {
                    return false;
                }

                destination[charsWritten++] = '.';
            }

            if (!((byte)(address >> shift)).TryFormat(destination[charsWritten..], out int digits, default, CultureInfo.InvariantCulture))
            {
                return false;
            }

            charsWritten += digits;
        }

        return true;
    }

    // RFC 5952: lowercase hex without leading zeros, the longest run of two or more zero groups (the first of equal
    // runs) as "::"; as IPAddress prints, except for its IPv4-embedded forms, which this formatter leaves to IPAddress.
    private bool TryFormatIPv6(Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        Span<ushort> groups = stackalloc ushort[8];
        for (int i = 0; i < 8; i++)
        {
            ulong half = i < 4 ? High : Low;
            groups[i] = (ushort)(half >> (48 - (16 * (i & 3))));
        }

        if (High == 0 && (Low >> 32) == 0 && (uint)Low > 1)
        {
            // ::a.b.c.d (IPv4-compatible) and the like: rare, and IPAddress knows its own rules for them.
            string text = ToIPAddress().ToString();
            charsWritten = text.Length;
            return text.TryCopyTo(destination);
        }

        int bestStart = -1, bestLength = 1;
        for (int i = 0; i < 8;)
        {
            int run = 0;
            while (i + run < 8 && groups[i + run] == 0)
            {
                run++;
            }

            if (run > bestLength)
            {
                (bestStart, bestLength) = (i, run);
            }

            i += Math.Max(run, 1);
        }

        for (int i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                if (destination.Length - charsWritten < 2)
                {
                    return false;
                }

                destination[charsWritten++] = ':';
                destination[charsWritten++] = ':';
                i += bestLength - 1;
                continue;
            }

            if (i > 0 && i != bestStart + bestLength)
            {
                if (charsWritten >= destination.Length)
                {
                    return false;
                }

                destination[charsWritten++] = ':';
            }

            if (!groups[i].TryFormat(destination[charsWritten..], out int digits, "x", CultureInfo.InvariantCulture))
            {
                return false;
            }

            charsWritten += digits;
        }

        return true;
    }
}
