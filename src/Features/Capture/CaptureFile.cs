using System.Buffers.Binary;
using System.IO.Compression;

namespace EdgeLstm.Features.Capture;

/// <summary>Opens capture files as packet sources, recognising the format from the first bytes.</summary>
public static class CaptureFile
{
    private const int FileBufferSize = 1 << 16;

    /// <summary>Opens a pcap or pcapng file, gzip-compressed or not.</summary>
    /// <param name="path">The capture file.</param>
    /// <returns>A packet source the caller disposes.</returns>
    /// <exception cref="CaptureFormatException">The file is neither pcap nor pcapng, or its header is corrupt.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IPacketSource Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileBufferSize);
        try
        {
            Span<byte> magic = stackalloc byte[2];
            int read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            stream.Position = 0;
            if (read == 2 && magic[0] == 0x1F && magic[1] == 0x8B)
            {
                stream = new GZipStream(stream, CompressionMode.Decompress);
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        return Open(stream, path);
    }

    /// <summary>Opens an uncompressed pcap or pcapng stream.</summary>
    /// <param name="stream">The capture, positioned at its start; the source takes ownership of it.</param>
    /// <param name="name">A name for error messages, such as the file path.</param>
    /// <returns>A packet source the caller disposes.</returns>
    /// <exception cref="CaptureFormatException">The stream is neither pcap nor pcapng, or its header is corrupt.</exception>
    public static IPacketSource Open(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        var input = new CaptureStreamBuffer(stream, PcapNgFileReader.MaxBlockLength, name);
        try
        {
            if (input.Ensure(4) < 4)
            {
                throw new CaptureFormatException(name, 0, "file is too short to be a capture");
            }

            ReadOnlySpan<byte> magic = input.Peek(4);
            uint little = BinaryPrimitives.ReadUInt32LittleEndian(magic);
            uint big = BinaryPrimitives.ReadUInt32BigEndian(magic);
            if (little == PcapNgFileReader.SectionHeaderType)
            {
                return new PcapNgFileReader(input, name);
            }

            if (little is PcapFileReader.MicrosecondMagic or PcapFileReader.NanosecondMagic
                || big is PcapFileReader.MicrosecondMagic or PcapFileReader.NanosecondMagic)
            {
                return new PcapFileReader(input, name);
            }

            throw new CaptureFormatException(name, 0, $"unknown capture magic number 0x{big:X8} (neither pcap nor pcapng)");
        }
        catch
        {
            input.Dispose();
            throw;
        }
    }
}
