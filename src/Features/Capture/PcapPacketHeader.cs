using System.Runtime.InteropServices;

namespace EdgeLstm.Features.Capture;

/// <summary>Reads libpcap's <c>struct pcap_pkthdr</c>: a <c>struct timeval</c> of two C longs, then caplen and len as uint32.</summary>
/// <remarks>
/// The timeval's fields are 8 bytes on 64-bit Linux and 4 bytes on 32-bit Linux with 32-bit time_t (Debian 12 armhf,
/// Raspberry Pi OS bookworm), but 8 bytes on 32-bit Linux built for 64-bit time_t (Debian 13's "t64" armhf ABI). A 32-bit
/// process cannot tell which libpcap it loaded, so the layout is recognised on the first packet: read with the wrong
/// field size, caplen and len land in the microseconds field, whose upper half is zero, so len reads as 0.
/// </remarks>
internal static class PcapPacketHeader
{
    /// <summary>The most bytes a header can span (two 8-byte fields and two 4-byte lengths).</summary>
    public const int MaxSize = 24;

    /// <summary>Reads a header whose timeval fields are <paramref name="fieldSize"/> (4 or 8) bytes, in machine byte order.</summary>
    /// <param name="header">The header's bytes, at least 2 · fieldSize + 8.</param>
    /// <param name="fieldSize">The size of tv_sec and tv_usec.</param>
    /// <returns>Seconds, the sub-second fraction (micro- or nanoseconds), captured and original length.</returns>
    public static (long Seconds, long Fraction, int CapturedLength, int OriginalLength) Read(ReadOnlySpan<byte> header, int fieldSize)
    {
        long seconds = fieldSize == 8 ? MemoryMarshal.Read<long>(header) : MemoryMarshal.Read<int>(header);
        long fraction = fieldSize == 8 ? MemoryMarshal.Read<long>(header[8..]) : MemoryMarshal.Read<int>(header[4..]);
        int captured = MemoryMarshal.Read<int>(header[(2 * fieldSize)..]);
        int original = MemoryMarshal.Read<int>(header[((2 * fieldSize) + 4)..]);
        return (seconds, fraction, captured, original);
    }

    /// <summary>Chooses the timeval field size of a 32-bit process's libpcap from its first packet header.</summary>
    /// <param name="header"><see cref="MaxSize"/> bytes from the header's start.</param>
    /// <param name="snapLength">The capture's snapshot length: no packet captures more.</param>
    /// <returns>4 or 8.</returns>
    /// <exception cref="LiveCaptureException">Neither layout gives plausible lengths.</exception>
    public static int DetectFieldSize(ReadOnlySpan<byte> header, int snapLength)
    {
        if (IsPlausible(Read(header, 4), snapLength))
        {
            return 4;
        }

        if (IsPlausible(Read(header, 8), snapLength))
        {
            return 8;
        }

        throw new LiveCaptureException("libpcap's packet header has neither the 32-bit nor the 64-bit time_t layout; this libpcap build is not supported.");
    }

    private static bool IsPlausible((long Seconds, long Fraction, int CapturedLength, int OriginalLength) header, int snapLength) =>
        header.CapturedLength > 0 && header.CapturedLength <= snapLength && header.OriginalLength >= header.CapturedLength && header.Fraction >= 0;
}
