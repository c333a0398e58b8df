using System.Buffers.Binary;

namespace EdgeLstm.Features.Capture;

/// <summary>Reads the classic libpcap file format: microsecond or nanosecond timestamps, either byte order.</summary>
internal sealed class PcapFileReader : IPacketSource
{
    /// <summary>The magic number of a microsecond-resolution file, as written by its own host.</summary>
    public const uint MicrosecondMagic = 0xA1B2C3D4;

    /// <summary>The magic number of a nanosecond-resolution file, as written by its own host.</summary>
    public const uint NanosecondMagic = 0xA1B23C4D;

    /// <summary>The longest packet accepted, libpcap's own MAXIMUM_SNAPLEN.</summary>
    public const int MaxPacketLength = 262_144;

    private const int FileHeaderLength = 24;
    private const int RecordHeaderLength = 16;

    private readonly CaptureStreamBuffer _input;
    private readonly bool _bigEndian;
    private readonly bool _nanoseconds;
    private readonly LinkType _linkType;

    /// <summary>Initializes a reader over <paramref name="input"/>, which it owns, and reads the file header.</summary>
    /// <param name="input">The capture, positioned at its first byte.</param>
    /// <param name="name">The file path, used in error messages.</param>
    /// <exception cref="CaptureFormatException">The file header is missing or invalid.</exception>
    public PcapFileReader(CaptureStreamBuffer input, string name)
    {
        Name = name;
        _input = input;
        try
        {
            if (_input.Ensure(FileHeaderLength) < FileHeaderLength)
            {
                throw new CaptureFormatException(name, 0, "pcap file header is truncated");
            }

            ReadOnlySpan<byte> header = _input.Peek(FileHeaderLength);
            uint magicLittle = BinaryPrimitives.ReadUInt32LittleEndian(header);
            uint magicBig = BinaryPrimitives.ReadUInt32BigEndian(header);
            if (magicLittle is MicrosecondMagic or NanosecondMagic)
            {
                _nanoseconds = magicLittle == NanosecondMagic;
            }
            else if (magicBig is MicrosecondMagic or NanosecondMagic)
            {
                _bigEndian = true;
                _nanoseconds = magicBig == NanosecondMagic;
            }
            else
            {
                throw new CaptureFormatException(name, 0, $"unknown pcap magic number 0x{magicLittle:X8}");
            }

            // The upper bits of the link type field carry FCS information (pcap spec, LinkType field).
            _linkType = (LinkType)(ReadUInt32(header[20..]) & 0x0FFFFFFF);
            _input.Advance(FileHeaderLength);
        }
        catch
        {
            _input.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public bool TryReadPacket(out RawPacket packet)
    {
        long offset = _input.Position;
        int available = _input.Ensure(RecordHeaderLength);
        if (available == 0)
        {
            packet = default;
            return false;
        }

        if (available < RecordHeaderLength)
        {
            throw new CaptureFormatException(Name, offset, "pcap record header is truncated");
        }

        ReadOnlySpan<byte> header = _input.Peek(RecordHeaderLength);
        uint seconds = ReadUInt32(header);
        uint fraction = ReadUInt32(header[4..]);
        uint capturedLength = ReadUInt32(header[8..]);
        uint originalLength = ReadUInt32(header[12..]);
        if (capturedLength > MaxPacketLength)
        {
            throw new CaptureFormatException(Name, offset, $"pcap record length {capturedLength} exceeds {MaxPacketLength}");
        }

        int recordLength = RecordHeaderLength + (int)capturedLength;
        if (_input.Ensure(recordLength) < recordLength)
        {
            throw new CaptureFormatException(Name, offset, "pcap record data is truncated");
        }

        // An out-of-range sub-second field (seen in some writers' files) simply carries into the seconds.
        long nanoseconds = (seconds * 1_000_000_000L) + (_nanoseconds ? fraction : fraction * 1_000L);
        int wireLength = (int)Math.Min(originalLength, int.MaxValue);
        packet = new RawPacket(nanoseconds, _linkType, wireLength, _input.Peek(recordLength)[RecordHeaderLength..]);
        _input.Advance(recordLength);
        return true;
    }

    /// <inheritdoc/>
    public void Dispose() => _input.Dispose();

    private uint ReadUInt32(ReadOnlySpan<byte> source) =>
        _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(source) : BinaryPrimitives.ReadUInt32LittleEndian(source);
}
