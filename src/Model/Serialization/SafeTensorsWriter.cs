using System.Buffers;
using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EdgeLstm.Model.Serialization;

/// <summary>
/// Writes tensors and metadata as a safetensors file, byte for byte the same for the same input.
/// </summary>
/// <remarks>
/// The header is compact JSON: <c>__metadata__</c> first with its keys in ordinal order (omitted when
/// there is no metadata), then the tensors in the order given, each as <c>dtype</c>, <c>shape</c>,
/// <c>data_offsets</c>. The data follows in the same order, contiguous from offset 0. As in the
/// safetensors reference implementation, the header is padded with spaces to a multiple of 8 bytes so
/// that the data starts 8-byte aligned.
/// </remarks>
public static class SafeTensorsWriter
{
    // Relaxed escaping keeps a JSON string inside a metadata value readable ("{\"kind\":...}") and is
    // still strict JSON; the header is never embedded in HTML.
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes a safetensors file to a stream.</summary>
    /// <param name="destination">The stream to write to, from its current position.</param>
    /// <param name="metadata">The string metadata stored under <c>__metadata__</c>; may be empty.</param>
    /// <param name="tensors">The tensors, in the order their entries and data are written.</param>
    /// <exception cref="ArgumentNullException">An argument, a metadata key or value, or a tensor is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Two tensors have the same name, or a floating-point tensor holds a NaN or infinity, which a reader rejects.</exception>
    /// <exception cref="IOException">The stream cannot be written.</exception>
    public static void Write(Stream destination, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<SafeTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(destination);
        byte[] header = BuildHeader(metadata, tensors);

        Span<byte> prefix = stackalloc byte[SafeTensorsHeader.PrefixLength];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        destination.Write(prefix);
        destination.Write(header);
        foreach (SafeTensor tensor in tensors)
        {
            destination.Write(tensor.Data.Span);
        }
    }

    /// <summary>Writes a safetensors file to a new byte array.</summary>
    /// <param name="metadata">The string metadata stored under <c>__metadata__</c>; may be empty.</param>
    /// <param name="tensors">The tensors, in the order their entries and data are written.</param>
    /// <returns>The bytes of the file.</returns>
    /// <exception cref="ArgumentNullException">An argument, a metadata key or value, or a tensor is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Two tensors have the same name, or a floating-point tensor holds a NaN or infinity.</exception>
    public static byte[] ToBytes(IReadOnlyDictionary<string, string> metadata, IReadOnlyList<SafeTensor> tensors)
    {
        using var stream = new MemoryStream();
        Write(stream, metadata, tensors);
        return stream.ToArray();
    }

    /// <summary>Writes a safetensors file to a path, replacing an existing file only once the new one is complete.</summary>
    /// <param name="path">The file to create or replace; a sibling <c>.tmp</c> file is written first.</param>
    /// <param name="metadata">The string metadata stored under <c>__metadata__</c>; may be empty.</param>
    /// <param name="tensors">The tensors, in the order their entries and data are written.</param>
    /// <exception cref="ArgumentNullException">An argument, a metadata key or value, or a tensor is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, two tensors have the same name, or a floating-point tensor holds a NaN or infinity.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteFile(string path, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<SafeTensor> tensors)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = ToBytes(metadata, tensors);

        // A reader (the agent reloading its model) must never see a half-written file.
        string temporary = path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    private static byte[] BuildHeader(IReadOnlyDictionary<string, string> metadata, IReadOnlyList<SafeTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(tensors);

        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json, s_writerOptions))
        {
            writer.WriteStartObject();
            if (metadata.Count > 0)
            {
                writer.WriteStartObject(SafeTensorsHeader.MetadataKey);
                foreach (KeyValuePair<string, string> pair in metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    ArgumentNullException.ThrowIfNull(pair.Key, nameof(metadata));
                    ArgumentNullException.ThrowIfNull(pair.Value, nameof(metadata));
                    writer.WriteString(pair.Key, pair.Value);
                }

                writer.WriteEndObject();
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            long offset = 0;
            foreach (SafeTensor tensor in tensors)
            {
                ArgumentNullException.ThrowIfNull(tensor, nameof(tensors));
                if (!names.Add(tensor.Name))
                {
                    throw new ArgumentException($"Two tensors are named '{tensor.Name}'.", nameof(tensors));
                }

                long index = NonFiniteSearch.IndexOfNonFinite(tensor.DType, tensor.Data.Span, out bool isNaN);
                if (index >= 0)
                {
                    throw new ArgumentException($"Tensor '{tensor.Name}': element {index} is {(isNaN ? "NaN" : "infinite")}; a model file holds finite values only.", nameof(tensors));
                }

                writer.WriteStartObject(tensor.Name);
                writer.WriteString("dtype", tensor.DType.ToSafeTensorsName());
                writer.WriteStartArray("shape");
                foreach (int dimension in tensor.Shape)
                {
                    writer.WriteNumberValue(dimension);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                offset += tensor.Data.Length;
                writer.WriteNumberValue(offset);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        int padded = (json.WrittenCount + SafeTensorsHeader.Alignment - 1) / SafeTensorsHeader.Alignment * SafeTensorsHeader.Alignment;
        byte[] header = new byte[padded];
        json.WrittenSpan.CopyTo(header);
        header.AsSpan(json.WrittenCount).Fill((byte)' ');
        return header;
    }
}
