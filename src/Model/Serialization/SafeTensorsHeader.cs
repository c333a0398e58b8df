using System.Text.Json;
using System.Text.Unicode;

namespace EdgeLstm.Model.Serialization;

/// <summary>
/// Parses and validates the JSON header of a safetensors file: metadata and the entry of every tensor.
/// </summary>
/// <remarks>
/// Parsing checks everything the header alone can tell (keys, dtypes, shapes, sizes, offsets) so that
/// the reader allocates the data section only for a header that describes it exactly.
/// </remarks>
internal sealed class SafeTensorsHeader
{
    /// <summary>The header key that holds the string-to-string metadata.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>The size of the little-endian header-length prefix that opens a file.</summary>
    public const int PrefixLength = 8;

    /// <summary>The largest header accepted, the same limit as the safetensors reference implementation.</summary>
    public const ulong MaxLength = 100_000_000;

    /// <summary>The header is padded with spaces to a multiple of this size, so the data starts aligned.</summary>
    public const int Alignment = 8;

    private static readonly JsonReaderOptions s_readerOptions = new() { MaxDepth = 64 };

    private SafeTensorsHeader(Dictionary<string, string> metadata, List<Entry> entries, long dataLength)
    {
        Metadata = metadata;
        Entries = entries;
        DataLength = dataLength;
    }

    /// <summary>Gets the metadata, empty when the header has no <c>__metadata__</c> key.</summary>
    public Dictionary<string, string> Metadata { get; }

    /// <summary>Gets the tensor entries in data order.</summary>
    public List<Entry> Entries { get; }

    /// <summary>Gets the length of the data section the entries cover, contiguously from 0.</summary>
    public long DataLength { get; }

    /// <summary>Parses and validates a header.</summary>
    /// <param name="json">The header bytes, from file offset 8.</param>
    /// <param name="dataLength">The length of the data section that follows, or <see langword="null"/> when it is not yet known (a stream that cannot seek).</param>
    /// <returns>The validated header.</returns>
    /// <exception cref="ModelFormatException">The header is malformed or does not describe the data section exactly.</exception>
    public static SafeTensorsHeader Parse(ReadOnlySpan<byte> json, long? dataLength)
    {
        if (json.IsEmpty || json[0] != (byte)'{')
        {
            throw new ModelFormatException($"Header at byte offset {PrefixLength} does not start with '{{'.");
        }

        if (!Utf8.IsValid(json))
        {
            throw new ModelFormatException($"Header at byte offset {PrefixLength} is not valid UTF-8.");
        }

        long dataStart = PrefixLength + (long)json.Length;
        try
        {
            var reader = new Utf8JsonReader(json, s_readerOptions);
            using JsonDocument document = JsonDocument.ParseValue(ref reader);

            // ParseValue stops after the object; reading on throws on anything but trailing whitespace.
            reader.Read();
            return FromRoot(document.RootElement, dataStart, dataLength);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string escape such as "\ud800" that is not valid UTF-16.
            throw new ModelFormatException($"Header at byte offset {PrefixLength} is not valid JSON: {ex.Message}", ex);
        }
    }

    private static SafeTensorsHeader FromRoot(JsonElement root, long dataStart, long? dataLength)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<Entry>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (!keys.Add(property.Name))
            {
                throw new ModelFormatException($"Header has the key '{property.Name}' more than once.");
            }

            if (property.Name == MetadataKey)
            {
                metadata = ParseMetadata(property.Value);
            }
            else
            {
                entries.Add(ParseEntry(property.Name, property.Value, dataStart, dataLength));
            }
        }

        // Stable sort: zero-length tensors at the same offset keep their header order.
        List<Entry> sorted = [.. entries.OrderBy(e => e.Begin).ThenBy(e => e.End)];
        long covered = CheckContiguous(sorted);
        if (dataLength is long length && covered != length)
        {
            throw new ModelFormatException(
                $"The data section at byte offset {dataStart} holds {length} bytes but the tensors cover {covered}; " +
                $"the {length - covered} bytes from byte offset {dataStart + covered} belong to no tensor.");
        }

        return new SafeTensorsHeader(metadata, sorted, covered);
    }

    private static Dictionary<string, string> ParseMetadata(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new ModelFormatException($"'{MetadataKey}' must be an object of strings, but it is {Describe(value)}.");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty property in value.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw new ModelFormatException($"Metadata key '{property.Name}': the value must be a string, but it is {Describe(property.Value)}.");
            }

            if (!metadata.TryAdd(property.Name, property.Value.GetString()!))
            {
                throw new ModelFormatException($"Metadata has the key '{property.Name}' more than once.");
            }
        }

        return metadata;
    }

    private static Entry ParseEntry(string name, JsonElement value, long dataStart, long? dataLength)
    {
        if (name.Length == 0)
        {
            throw new ModelFormatException("Header has a tensor with an empty name.");
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new ModelFormatException($"Tensor '{name}': expected an object with dtype, shape and data_offsets, but it is {Describe(value)}.");
        }

        JsonElement? dtypeValue = null;
        JsonElement? shapeValue = null;
        JsonElement? offsetsValue = null;
        foreach (JsonProperty property in value.EnumerateObject())
        {
            switch (property.Name)
            {
                case "dtype":
                    dtypeValue = TakeOnce(name, property, dtypeValue);
                    break;
                case "shape":
                    shapeValue = TakeOnce(name, property, shapeValue);
                    break;
                case "data_offsets":
                    offsetsValue = TakeOnce(name, property, offsetsValue);
                    break;
                default:
                    throw new ModelFormatException($"Tensor '{name}': unexpected key '{property.Name}'; a tensor has exactly dtype, shape and data_offsets.");
            }
        }

        SafeTensorDType dtype = ParseDType(name, dtypeValue ?? throw Missing(name, "dtype"));
        int[] shape = ParseShape(name, shapeValue ?? throw Missing(name, "shape"));
        (long begin, long end) = ParseOffsets(name, offsetsValue ?? throw Missing(name, "data_offsets"));

        int elementSize = dtype.GetElementSize();
        if (!SafeTensor.TryGetElementCount(shape, out long elementCount) || elementCount > long.MaxValue / elementSize)
        {
            throw new ModelFormatException($"Tensor '{name}': shape {SafeTensor.FormatShape(shape)} has more bytes than a 64-bit count holds.");
        }

        long byteLength = elementCount * elementSize;
        if (end - begin != byteLength)
        {
            throw new ModelFormatException(
                $"Tensor '{name}': data_offsets [{begin}, {end}] span {end - begin} bytes but dtype {dtype.ToSafeTensorsName()} " +
                $"and shape {SafeTensor.FormatShape(shape)} need {byteLength} bytes.");
        }

        if (dataLength is long length && end > length)
        {
            throw new ModelFormatException(
                $"Tensor '{name}': data_offsets [{begin}, {end}] run past the end of the data section, which holds {length} bytes from byte offset {dataStart}.");
        }

        return new Entry(name, dtype, shape, begin, end);
    }

    private static SafeTensorDType ParseDType(string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new ModelFormatException($"Tensor '{name}': dtype must be a string, but it is {Describe(value)}.");
        }

        string text = value.GetString()!;
        if (!SafeTensorDTypeExtensions.TryParseSafeTensorsName(text, out SafeTensorDType dtype))
        {
            throw new ModelFormatException($"Tensor '{name}': unknown dtype '{text}'.");
        }

        return dtype;
    }

    private static int[] ParseShape(string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new ModelFormatException($"Tensor '{name}': shape must be an array, but it is {Describe(value)}.");
        }

        int[] shape = new int[value.GetArrayLength()];
        int index = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out int dimension) || dimension < 0)
            {
                throw new ModelFormatException($"Tensor '{name}': shape[{index}] is {Describe(item)}, not an integer from 0 to {int.MaxValue}.");
            }

            shape[index++] = dimension;
        }

        return shape;
    }

    private static (long Begin, long End) ParseOffsets(string name, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 2
            && TryGetOffset(value[0], out long begin) && TryGetOffset(value[1], out long end))
        {
            if (end < begin)
            {
                throw new ModelFormatException($"Tensor '{name}': data_offsets [{begin}, {end}] end before they begin.");
            }

            return (begin, end);
        }

        throw new ModelFormatException($"Tensor '{name}': data_offsets must be two non-negative integers, but it is {Describe(value)}.");
    }

    private static bool TryGetOffset(JsonElement value, out long offset)
    {
        offset = 0;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out offset) && offset >= 0;
    }

    private static long CheckContiguous(List<Entry> sorted)
    {
        long next = 0;
        string? previous = null;
        foreach (Entry entry in sorted)
        {
            if (entry.Begin < next)
            {
                throw new ModelFormatException(
                    $"Tensor '{entry.Name}': data_offsets [{entry.Begin}, {entry.End}] overlap tensor '{previous}', which ends at {next}.");
            }

            if (entry.Begin > next)
            {
                string after = previous is null ? "the start of the data section" : $"tensor '{previous}'";
                throw new ModelFormatException(
                    $"Tensor '{entry.Name}': data_offsets [{entry.Begin}, {entry.End}] leave a gap of {entry.Begin - next} bytes after {after}.");
            }

            next = entry.End;
            previous = entry.Name;
        }

        return next;
    }

    private static JsonElement TakeOnce(string name, JsonProperty property, JsonElement? current) =>
        current is null
            ? property.Value
            : throw new ModelFormatException($"Tensor '{name}': the key '{property.Name}' appears more than once.");

    private static ModelFormatException Missing(string name, string key) =>
        new($"Tensor '{name}': missing '{key}'; a tensor has exactly dtype, shape and data_offsets.");

    // Short, bounded descriptions: a hostile header must not blow up the message.
    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetRawText() is { Length: <= 32 } text ? text : "a long number",
        JsonValueKind.String => "a string",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => $"an array of {value.GetArrayLength()}",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>One validated tensor entry of the header.</summary>
    /// <param name="Name">The tensor name.</param>
    /// <param name="DType">The element type.</param>
    /// <param name="Shape">The dimensions.</param>
    /// <param name="Begin">The offset of the first byte in the data section.</param>
    /// <param name="End">The offset just past the last byte in the data section.</param>
    internal readonly record struct Entry(string Name, SafeTensorDType DType, int[] Shape, long Begin, long End);
}
