using System.Buffers.Binary;

namespace EdgeLstm.Model.Serialization;

/// <summary>
/// Reads safetensors files, validating every byte of structure before trusting it.
/// </summary>
/// <remarks>
/// <para>
/// A file is an 8-byte little-endian header length, a UTF-8 JSON header and the tensor data. The reader
/// accepts a file only if the header length is at most 100,000,000 and fits in the file; the header is a
/// JSON object without duplicate keys; <c>__metadata__</c>, if present, maps strings to strings; every
/// other key is a tensor with exactly <c>dtype</c>, <c>shape</c> and <c>data_offsets</c>; the dtype is
/// known; the offsets span exactly the bytes the dtype and shape need; the tensors cover the data
/// section contiguously from 0 to its end, without gap or overlap; and every floating-point element is
/// finite.
/// </para>
/// <para>
/// The header length is checked against the bytes that are really there before the header is
/// allocated, and the whole header is validated before the data section is allocated. Every problem
/// with the content of a file is reported as a <see cref="ModelFormatException"/>.
/// </para>
/// </remarks>
public static class SafeTensorsReader
{
    // Bounds the first allocation when a stream's length is unknown; the buffer then grows only as
    // bytes actually arrive, so a lying header length cannot make the reader allocate much.
    private const int InitialChunkLength = 64 * 1024;

    /// <summary>Reads a safetensors file held in memory.</summary>
    /// <param name="source">The bytes of the whole file.</param>
    /// <returns>The validated document; its tensors refer to one copy of the data section.</returns>
    /// <exception cref="ModelFormatException">The file is malformed.</exception>
    public static SafeTensorsDocument Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < SafeTensorsHeader.PrefixLength)
        {
            throw TooShortForPrefix(source.Length);
        }

        int headerLength = CheckHeaderLength(BinaryPrimitives.ReadUInt64LittleEndian(source), source.Length - SafeTensorsHeader.PrefixLength);
        ReadOnlySpan<byte> rest = source[SafeTensorsHeader.PrefixLength..];
        SafeTensorsHeader header = SafeTensorsHeader.Parse(rest[..headerLength], rest.Length - headerLength);
        return CreateDocument(header, rest[headerLength..].ToArray());
    }

    /// <summary>Reads a safetensors file from a stream.</summary>
    /// <param name="source">The stream, positioned at the start of the file; it is read to the end of the file.</param>
    /// <returns>The validated document.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is <see langword="null"/>.</exception>
    /// <exception cref="ModelFormatException">The file is malformed.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    /// <remarks>
    /// A seekable stream must end where the file ends. On a stream that cannot seek, the header length is
    /// trusted only as far as bytes arrive, and the reader checks that nothing follows the last tensor.
    /// </remarks>
    public static SafeTensorsDocument Read(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        long? remaining = source.CanSeek ? source.Length - source.Position : null;

        Span<byte> prefix = stackalloc byte[SafeTensorsHeader.PrefixLength];
        int prefixRead = source.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        if (prefixRead < prefix.Length)
        {
            throw TooShortForPrefix(prefixRead);
        }

        long? afterPrefix = remaining - SafeTensorsHeader.PrefixLength;
        int headerLength = CheckHeaderLength(BinaryPrimitives.ReadUInt64LittleEndian(prefix), afterPrefix ?? long.MaxValue);
        byte[] headerBytes = ReadBounded(source, headerLength, SafeTensorsHeader.PrefixLength, "header");
        SafeTensorsHeader header = SafeTensorsHeader.Parse(headerBytes, afterPrefix - headerLength);

        long dataStart = SafeTensorsHeader.PrefixLength + (long)headerLength;
        if (header.DataLength > Array.MaxLength)
        {
            throw new ModelFormatException($"The data section at byte offset {dataStart} needs {header.DataLength} bytes, more than this reader can hold ({Array.MaxLength}).");
        }

        byte[] data = ReadBounded(source, (int)header.DataLength, dataStart, "data section");
        if (remaining is null && source.ReadByte() >= 0)
        {
            throw new ModelFormatException($"The file continues after byte offset {dataStart + header.DataLength}, where the last tensor ends.");
        }

        return CreateDocument(header, data);
    }

    /// <summary>Reads a safetensors file from disk.</summary>
    /// <param name="path">The path of the file.</param>
    /// <returns>The validated document.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is <see langword="null"/> or empty.</exception>
    /// <exception cref="ModelFormatException">The file is malformed.</exception>
    /// <exception cref="IOException">The file does not exist or cannot be read; this is about access, not content.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static SafeTensorsDocument ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream stream = File.OpenRead(path);
        return Read(stream);
    }

    private static int CheckHeaderLength(ulong headerLength, long available)
    {
        if (headerLength > SafeTensorsHeader.MaxLength)
        {
            throw new ModelFormatException($"Header length {headerLength} at byte offset 0 exceeds the limit of {SafeTensorsHeader.MaxLength} bytes.");
        }

        if ((long)headerLength > available)
        {
            throw new ModelFormatException($"Header length {headerLength} at byte offset 0 runs past the end of the file, which has {available} bytes after the length.");
        }

        return (int)headerLength;
    }

    private static byte[] ReadBounded(Stream source, int length, long fileOffset, string part)
    {
        byte[] buffer = new byte[Math.Min(length, InitialChunkLength)];
        int filled = 0;
        while (filled < length)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(length, buffer.Length * 2L));
            }

            int read = source.Read(buffer, filled, buffer.Length - filled);
            if (read == 0)
            {
                throw new ModelFormatException(
                    $"The file ends at byte offset {fileOffset + filled}, inside the {part} that runs to byte offset {fileOffset + length}.");
            }

            filled += read;
        }

        return buffer;
    }

    private static SafeTensorsDocument CreateDocument(SafeTensorsHeader header, byte[] data)
    {
        var tensors = new List<SafeTensor>(header.Entries.Count);
        foreach (SafeTensorsHeader.Entry entry in header.Entries)
        {
            var bytes = new ReadOnlyMemory<byte>(data, (int)entry.Begin, (int)(entry.End - entry.Begin));
            long index = NonFiniteSearch.IndexOfNonFinite(entry.DType, bytes.Span, out bool isNaN);
            if (index >= 0)
            {
                throw new ModelFormatException($"Tensor '{entry.Name}': element {index} is {(isNaN ? "NaN" : "infinite")}.");
            }

            tensors.Add(new SafeTensor(entry.Name, entry.DType, entry.Shape, bytes));
        }

        return new SafeTensorsDocument(header.Metadata, tensors);
    }

    private static ModelFormatException TooShortForPrefix(int length) =>
        new($"The file has {length} bytes, fewer than the {SafeTensorsHeader.PrefixLength}-byte header length that opens it.");
}
