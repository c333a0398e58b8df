using System.Buffers.Binary;

namespace EdgeLstm.Features.Capture;

/// <summary>Reads the pcapng format: several sections and interfaces, per-interface link types and
/// timestamp resolutions, either byte order; enhanced, simple and obsolete packet blocks.</summary>
internal sealed class PcapNgFileReader : IPacketSource
{
    /// <summary>The block type of a section header block; also the file's first four bytes.</summary>
    public const uint SectionHeaderType = 0x0A0D0D0A;

    /// <summary>The longest block accepted; a larger length field means a corrupt file.</summary>
    public const int MaxBlockLength = 1 << 22;

    private const uint ByteOrderMagic = 0x1A2B3C4D;
    private const uint SwappedByteOrderMagic = 0x4D3C2B1A;
    private const uint InterfaceDescriptionType = 0x00000001;
    private const uint ObsoletePacketType = 0x00000002;
    private const uint SimplePacketType = 0x00000003;
    private const uint EnhancedPacketType = 0x00000006;
    private const int MaxInterfaces = 65_536;
    private const ushort OptionEnd = 0;
    private const ushort OptionTimestampResolution = 9;
    private const ushort OptionTimestampOffset = 14;

    private readonly CaptureStreamBuffer _input;
    private readonly List<InterfaceInfo> _interfaces = [];
    private bool _bigEndian;

    /// <summary>Initializes a reader over <paramref name="input"/>, which it owns.</summary>
    /// <param name="input">The capture, positioned at its first byte (a section header block).</param>
    /// <param name="name">The file path, used in error messages.</param>
    public PcapNgFileReader(CaptureStreamBuffer input, string name)
    {
        Name = name;
        _input = input;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public bool TryReadPacket(out RawPacket packet)
    {
        while (true)
        {
            packet = default;
            long offset = _input.Position;
            int available = _input.Ensure(12);
            if (available == 0)
            {
                return false;
            }

            if (available < 12)
            {
                throw Corrupt(offset, "pcapng block header is truncated");
            }

            ReadOnlySpan<byte> head = _input.Peek(12);
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(head);
            if (type == SectionHeaderType)
            {
                uint magic = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
                _bigEndian = magic switch
                {
                    ByteOrderMagic => false,
                    SwappedByteOrderMagic => true,
                    _ => throw Corrupt(offset, $"pcapng byte-order magic 0x{magic:X8} is invalid"),
                };
            }
            else if (offset == 0)
            {
                throw Corrupt(offset, "pcapng file does not start with a section header block");
            }
            else
            {
                type = ReadUInt32(head);
            }

            uint length = ReadUInt32(head[4..]);
            if (length < 12 || length % 4 != 0 || length > MaxBlockLength)
            {
                throw Corrupt(offset, $"pcapng block length {length} is invalid");
            }

            if (_input.Ensure((int)length) < length)
            {
                throw Corrupt(offset, "pcapng block is truncated");
            }

            ReadOnlySpan<byte> block = _input.Peek((int)length);
            if (ReadUInt32(block[^4..]) != length)
            {
                throw Corrupt(offset, "pcapng block's trailing length differs from its leading length");
            }

            ReadOnlySpan<byte> body = block[8..^4];
            bool isPacket = type switch
            {
                SectionHeaderType => StartSection(),
                InterfaceDescriptionType => ReadInterface(body, offset),
                EnhancedPacketType => ReadEnhancedPacket(body, offset, out packet),
                SimplePacketType => ReadSimplePacket(body, offset, out packet),
                ObsoletePacketType => ReadObsoletePacket(body, offset, out packet),
                _ => false,
            };

            // Advance only moves the read position, so the packet's span over the block stays valid.
            _input.Advance((int)length);
            if (isPacket)
            {
                return true;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _input.Dispose();

    private bool StartSection()
    {
        _interfaces.Clear();
        return false;
    }

    private bool ReadInterface(ReadOnlySpan<byte> body, long offset)
    {
        if (body.Length < 8)
        {
            throw Corrupt(offset, "pcapng interface description block is too short");
        }

        if (_interfaces.Count >= MaxInterfaces)
        {
            throw Corrupt(offset, $"pcapng section declares more than {MaxInterfaces} interfaces");
        }

        var linkType = (LinkType)ReadUInt16(body);
        uint snapLength = ReadUInt32(body[4..]);
        var info = new InterfaceInfo(linkType, snapLength, UnitsPerSecond: 1_000_000, OffsetSeconds: 0);
        ReadOnlySpan<byte> options = body[8..];
        while (options.Length >= 4)
        {
            ushort code = ReadUInt16(options);
            int optionLength = ReadUInt16(options[2..]);
            if (code == OptionEnd)
            {
                break;
            }

            int padded = (optionLength + 3) & ~3;
            if (4 + padded > options.Length)
            {
                throw Corrupt(offset, $"pcapng interface option {code} overruns its block");
            }

            ReadOnlySpan<byte> value = options.Slice(4, optionLength);
            if (code == OptionTimestampResolution && optionLength >= 1)
            {
                info = WithResolution(info, value[0], offset);
            }
            else if (code == OptionTimestampOffset && optionLength >= 8)
            {
                info = info with { OffsetSeconds = _bigEndian ? BinaryPrimitives.ReadInt64BigEndian(value) : BinaryPrimitives.ReadInt64LittleEndian(value) };
            }

            options = options[(4 + padded)..];
        }

        _interfaces.Add(info);
        return false;
    }

    private InterfaceInfo WithResolution(InterfaceInfo info, byte resolution, long offset)
    {
        bool powerOfTwo = (resolution & 0x80) != 0;
        int exponent = resolution & 0x7F;
        if ((powerOfTwo && exponent > 62) || (!powerOfTwo && exponent > 18))
        {
            throw Corrupt(offset, $"pcapng timestamp resolution 0x{resolution:X2} is out of range");
        }

        return info with
        {
            UnitsPerSecond = powerOfTwo ? 1UL << exponent : (ulong)Math.Pow(10, exponent),
        };
    }

    private bool ReadEnhancedPacket(ReadOnlySpan<byte> body, long offset, out RawPacket packet)
    {
        if (body.Length < 20)
        {
            throw Corrupt(offset, "pcapng enhanced packet block is too short");
        }

        uint interfaceId = ReadUInt32(body);
        ulong timestamp = ((ulong)ReadUInt32(body[4..]) << 32) | ReadUInt32(body[8..]);
        uint capturedLength = ReadUInt32(body[12..]);
        uint originalLength = ReadUInt32(body[16..]);
        return MakePacket(body[20..], interfaceId, timestamp, capturedLength, originalLength, offset, out packet);
    }

    private bool ReadObsoletePacket(ReadOnlySpan<byte> body, long offset, out RawPacket packet)
    {
        if (body.Length < 20)
        {
            throw Corrupt(offset, "pcapng packet block is too short");
        }

        uint interfaceId = ReadUInt16(body);
        ulong timestamp = ((ulong)ReadUInt32(body[4..]) << 32) | ReadUInt32(body[8..]);
        uint capturedLength = ReadUInt32(body[12..]);
        uint originalLength = ReadUInt32(body[16..]);
        return MakePacket(body[20..], interfaceId, timestamp, capturedLength, originalLength, offset, out packet);
    }

    private bool ReadSimplePacket(ReadOnlySpan<byte> body, long offset, out RawPacket packet)
    {
        if (body.Length < 4)
        {
            throw Corrupt(offset, "pcapng simple packet block is too short");
        }

        if (_interfaces.Count == 0)
        {
            throw Corrupt(offset, "pcapng simple packet block precedes any interface description");
        }

        uint originalLength = ReadUInt32(body);
        uint snap = _interfaces[0].SnapLength == 0 ? uint.MaxValue : _interfaces[0].SnapLength;
        uint capturedLength = (uint)Math.Min(Math.Min(originalLength, snap), (uint)(body.Length - 4));

        // A simple packet block has no timestamp (pcapng spec, section 4.4).
        return MakePacket(body[4..], 0, 0, capturedLength, originalLength, offset, out packet);
    }

    private bool MakePacket(ReadOnlySpan<byte> data, uint interfaceId, ulong timestamp, uint capturedLength, uint originalLength, long offset, out RawPacket packet)
    {
        if (interfaceId >= (uint)_interfaces.Count)
        {
            throw Corrupt(offset, $"pcapng packet names interface {interfaceId} of {_interfaces.Count}");
        }

        if (capturedLength > (uint)data.Length)
        {
            throw Corrupt(offset, $"pcapng packet length {capturedLength} overruns its block");
        }

        InterfaceInfo info = _interfaces[(int)interfaceId];
        long nanoseconds = ToNanoseconds(timestamp, info) + (info.OffsetSeconds * 1_000_000_000L);
        packet = new RawPacket(nanoseconds, info.LinkType, (int)Math.Min(originalLength, int.MaxValue), data[..(int)capturedLength]);
        return true;
    }

    private static long ToNanoseconds(ulong timestamp, InterfaceInfo info)
    {
        ulong seconds = timestamp / info.UnitsPerSecond;
        ulong remainder = timestamp % info.UnitsPerSecond;
        ulong fraction = (ulong)((UInt128)remainder * 1_000_000_000UL / info.UnitsPerSecond);
        return (long)Math.Min(seconds, long.MaxValue / 1_000_000_000L) * 1_000_000_000L + (long)fraction;
    }

    private CaptureFormatException Corrupt(long offset, string problem) => new(Name, offset, problem);

    private uint ReadUInt32(ReadOnlySpan<byte> source) =>
        _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(source) : BinaryPrimitives.ReadUInt32LittleEndian(source);

    private ushort ReadUInt16(ReadOnlySpan<byte> source) =>
        _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(source) : BinaryPrimitives.ReadUInt16LittleEndian(source);

    private readonly record struct InterfaceInfo(LinkType LinkType, uint SnapLength, ulong UnitsPerSecond, long OffsetSeconds);
}
