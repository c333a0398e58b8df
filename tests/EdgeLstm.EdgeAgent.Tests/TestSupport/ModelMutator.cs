using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>One mutated model file and what was done to it.</summary>
internal sealed record ModelMutant(string Kind, string Description, byte[] Bytes);

/// <summary>Mutates a real model file with its structure in mind (the safetensors header, the <c>edgelstm.config</c>
/// JSON and its quantization section, the tensors' values) as well as blindly (bit flips, truncation), from a seed.</summary>
internal sealed class ModelMutator
{
    private const string NanToken = "\"__nan__\"";
    private const string InfinityToken = "\"__inf__\"";

    // Values a hostile or corrupt file puts in a field: wrong types, nulls, extremes, off-by-one sizes.
    private static readonly Func<Random, JsonNode?>[] s_replacements =
    [
        _ => null,
        _ => JsonValue.Create(true),
        _ => JsonValue.Create("x"),
        _ => JsonValue.Create(""),
        _ => JsonValue.Create(0),
        _ => JsonValue.Create(-1),
        _ => JsonValue.Create(1e308),
        _ => JsonValue.Create(-1e308),
        _ => JsonValue.Create(3e38),
        _ => JsonValue.Create(1e-300),
        _ => JsonValue.Create(2147483647),
        _ => JsonValue.Create(2147483648L),
        _ => JsonValue.Create(4097),
        _ => JsonValue.Create(1_000_000),
        _ => new JsonArray(),
        _ => new JsonObject(),
        _ => new JsonArray((JsonNode?)null),
        _ => new JsonArray(JsonValue.Create("x")),
        _ => JsonValue.Create("__nan__"),
        _ => JsonValue.Create("__inf__"),
    ];

    private static readonly float[] s_weights = [3e38f, -3e38f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e30f, 1e20f, 1e10f, 65504f, -65504f, float.Epsilon, 1e-30f, 0f];

    private readonly Random _random;
    private readonly byte[] _original;
    private readonly int _headerLength;
    private readonly JsonObject _header;
    private readonly JsonObject _config;
    private readonly JsonObject? _graftQuantization;

    /// <summary>Initializes a mutator of one model file.</summary>
    /// <param name="model">The model file's bytes.</param>
    /// <param name="seed">The seed of every choice.</param>
    /// <param name="graftQuantization">A quantization section to graft into a float model's configuration, or null.</param>
    public ModelMutator(byte[] model, int seed, JsonObject? graftQuantization = null)
    {
        _random = new Random(seed);
        _original = model;
        _headerLength = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(model));
        _header = JsonNode.Parse(model.AsSpan(8, _headerLength))!.AsObject();
        _config = JsonNode.Parse((string)_header["__metadata__"]!["edgelstm.config"]!)!.AsObject();
        _graftQuantization = graftQuantization;
    }

    /// <summary>Returns the quantization section of a model file's configuration, or null.</summary>
    public static JsonObject? QuantizationOf(byte[] model)
    {
        int length = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(model));
        JsonNode header = JsonNode.Parse(model.AsSpan(8, length))!;
        return JsonNode.Parse((string)header["__metadata__"]!["edgelstm.config"]!)!["quantization"]?.DeepClone().AsObject();
    }

    /// <summary>Returns the next mutant.</summary>
    public ModelMutant Next()
    {
        int pick = _random.Next(100);
        return pick switch
        {
            < 30 => MutateConfig(_config.DeepClone().AsObject(), "config"),
            < 42 => MutateQuantization(),
            < 56 => MutateTensorHeader(),
            < 76 => MutateTensorValue(),
            < 86 => FlipBits(),
            < 93 => Truncate(),
            < 96 => MutateHeaderLength(),
            _ => MutateFormat(),
        };
    }

    private ModelMutant MutateQuantization()
    {
        JsonObject config = _config.DeepClone().AsObject();
        if (config["quantization"] is not JsonObject quantization)
        {
            if (_graftQuantization is null)
            {
                return MutateConfig(config, "config");
            }

            // A float model given another model's integer section: it must still build and score, or be refused.
            config["quantization"] = _graftQuantization.DeepClone();
            return _random.Next(2) == 0
                ? Rebuild("quantization", "grafted another model's quantization section", config)
                : MutateConfig(config, "quantization", config["quantization"]!);
        }

        return MutateConfig(config, "quantization", quantization);
    }

    private ModelMutant MutateConfig(JsonObject config, string kind, JsonNode? within = null)
    {
        List<(JsonNode Parent, string? Key, int Index, string Path)> slots = [];
        Collect(within ?? config, within is null ? "" : "quantization", slots);
        // Half the picks among named fields only, so sizes and settings are not drowned by the per-feature arrays.
        List<(JsonNode Parent, string? Key, int Index, string Path)> named = [.. slots.Where(s => s.Key is not null)];
        List<(JsonNode Parent, string? Key, int Index, string Path)> from = _random.Next(2) == 0 && named.Count > 0 ? named : slots;
        (JsonNode parent, string? key, int index, string path) = from[_random.Next(from.Count)];
        JsonNode? current = key is not null ? parent[key] : parent[index];
        string description;
        int action = _random.Next(10);
        if (action < 4 && current is JsonValue value && value.TryGetValue(out double number))
        {
            // Near misses matter most for sizes, zero points and exponents: off by one, negated, scaled by powers of ten.
            double changed = _random.Next(4) switch
            {
                0 => number + (_random.Next(2) == 0 ? 1 : -1),
                1 => -number,
                2 => number * Math.Pow(10, _random.Next(-40, 41)),
                _ => number == 0 ? 1e-9 : number * (1 + ((_random.NextDouble() - 0.5) * 1e-3)),
            };
            Set(parent, key, index, double.IsFinite(changed) ? JsonValue.Create(changed) : JsonValue.Create("__inf__"));
            description = $"{path}: {number.ToString("R", CultureInfo.InvariantCulture)} → {changed.ToString("R", CultureInfo.InvariantCulture)}";
        }
        else if (action == 4 && key is not null)
        {
            _ = ((JsonObject)parent).Remove(key);
            description = $"{path}: removed";
        }
        else if (action == 5 && current is JsonArray array)
        {
            if (array.Count > 0 && _random.Next(2) == 0)
            {
                array.RemoveAt(_random.Next(array.Count));
                description = $"{path}: one element removed";
            }
            else
            {
                array.Add(array.Count > 0 ? array[0]?.DeepClone() : JsonValue.Create(1));
                description = $"{path}: one element added";
            }
        }
        else if (action == 6 && current is JsonArray big)
        {
            var huge = new JsonArray();
            for (int i = 0; i < 5000; i++)
            {
                huge.Add(big.Count > 0 ? big[0]?.DeepClone() : JsonValue.Create(0));
            }

            Set(parent, key, index, huge);
            description = $"{path}: 5000 elements";
        }
        else
        {
            JsonNode? replacement = s_replacements[_random.Next(s_replacements.Length)](_random);
            Set(parent, key, index, replacement);
            description = $"{path} = {replacement?.ToJsonString() ?? "null"}";
        }

        return Rebuild(kind, description, config);
    }

    private ModelMutant MutateTensorHeader()
    {
        JsonObject header = _header.DeepClone().AsObject();
        string[] names = [.. header.Where(p => p.Key != "__metadata__").Select(p => p.Key)];
        string name = names[_random.Next(names.Length)];
        JsonObject tensor = header[name]!.AsObject();
        string description;
        switch (_random.Next(6))
        {
            case 0:
                string[] dtypes = ["F16", "F64", "I8", "U8", "BF16", "I64", "X", ""];
                string dtype = dtypes[_random.Next(dtypes.Length)];
                tensor["dtype"] = dtype;
                description = $"{name}.dtype = {dtype}";
                break;
            case 1:
                long[] sizes = [0, -1, 1, 1_000_000_000, long.MaxValue / 4, 4097];
                JsonArray shape = tensor["shape"]!.AsArray();
                int axis = _random.Next(Math.Max(shape.Count, 1));
                long size = sizes[_random.Next(sizes.Length)];
                if (shape.Count == 0)
                {
                    shape.Add(size);
                }
                else
                {
                    shape[axis] = size;
                }

                description = $"{name}.shape[{axis}] = {size}";
                break;
            case 2:
                tensor["shape"]!.AsArray().Add(1);
                description = $"{name}.shape gains a dimension";
                break;
            case 3:
                JsonArray offsets = tensor["data_offsets"]!.AsArray();
                int which = _random.Next(2);
                long[] values = [-8, 0, -1, long.MaxValue, (long)offsets[which]! + 4, (long)offsets[which]! - 4, 1L << 40];
                long offset = values[_random.Next(values.Length)];
                offsets[which] = offset;
                description = $"{name}.data_offsets[{which}] = {offset}";
                break;
            case 4:
                _ = header.Remove(name);
                description = $"{name} removed";
                break;
            default:
                JsonNode? replacement = s_replacements[_random.Next(s_replacements.Length)](_random);
                string[] fields = ["dtype", "shape", "data_offsets"];
                string field = fields[_random.Next(fields.Length)];
                tensor[field] = replacement;
                description = $"{name}.{field} = {replacement?.ToJsonString() ?? "null"}";
                break;
        }

        return new ModelMutant("tensor header", description, Assemble(header));
    }

    private ModelMutant MutateTensorValue()
    {
        byte[] bytes = (byte[])_original.Clone();
        string[] names = [.. _header.Where(p => p.Key != "__metadata__").Select(p => p.Key)];
        string name = names[_random.Next(names.Length)];
        JsonArray offsets = _header[name]!["data_offsets"]!.AsArray();
        long begin = (long)offsets[0]!;
        long end = (long)offsets[1]!;
        int count = (int)((end - begin) / 4);
        if (count == 0)
        {
            return FlipBits();
        }

        float value = s_weights[_random.Next(s_weights.Length)];
        int dataStart = 8 + _headerLength;
        if (_random.Next(4) == 0)
        {
            // Every element at once: a tensor scaled out of any range the integer scheme can represent.
            for (int i = 0; i < count; i++)
            {
                Span<byte> at = bytes.AsSpan(dataStart + (int)begin + (4 * i), 4);
                BinaryPrimitives.WriteSingleLittleEndian(at, BinaryPrimitives.ReadSingleLittleEndian(at) * 1e30f);
            }

            return new ModelMutant("tensor value", $"{name} × 1e30", bytes);
        }

        int element = _random.Next(count);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(dataStart + (int)begin + (4 * element), 4), value);
        return new ModelMutant("tensor value", $"{name}[{element}] = {value.ToString("R", CultureInfo.InvariantCulture)}", bytes);
    }

    private ModelMutant FlipBits()
    {
        byte[] bytes = (byte[])_original.Clone();
        int flips = 1 + _random.Next(8);
        for (int i = 0; i < flips; i++)
        {
            bytes[_random.Next(bytes.Length)] ^= (byte)(1 << _random.Next(8));
        }

        return new ModelMutant("bit flip", $"{flips} bit(s) flipped", bytes);
    }

    private ModelMutant Truncate()
    {
        if (_random.Next(4) == 0)
        {
            byte[] longer = [.. _original, .. Enumerable.Range(0, 1 + _random.Next(64)).Select(_ => (byte)_random.Next(256))];
            return new ModelMutant("truncation", $"{longer.Length - _original.Length} garbage bytes appended", longer);
        }

        int length = _random.Next(_original.Length);
        return new ModelMutant("truncation", $"cut to {length} of {_original.Length} bytes", _original[..length]);
    }

    private ModelMutant MutateHeaderLength()
    {
        byte[] bytes = (byte[])_original.Clone();
        ulong[] values = [0, 1, 7, (ulong)_headerLength - 1, (ulong)_headerLength + 1, (ulong)bytes.Length, ulong.MaxValue, 1UL << 40];
        ulong value = values[_random.Next(values.Length)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return new ModelMutant("header length", $"header length = {value}", bytes);
    }

    private ModelMutant MutateFormat()
    {
        JsonObject header = _header.DeepClone().AsObject();
        JsonObject metadata = header["__metadata__"]!.AsObject();
        switch (_random.Next(4))
        {
            case 0:
                metadata["edgelstm.format"] = "2";
                return new ModelMutant("format", "edgelstm.format = 2", Assemble(header));
            case 1:
                _ = metadata.Remove("edgelstm.format");
                return new ModelMutant("format", "edgelstm.format removed", Assemble(header));
            case 2:
                metadata["edgelstm.config"] = "{";
                return new ModelMutant("format", "edgelstm.config is not JSON", Assemble(header));
            default:
                metadata["edgelstm.config"] = "null";
                return new ModelMutant("format", "edgelstm.config = null", Assemble(header));
        }
    }

    private ModelMutant Rebuild(string kind, string description, JsonObject config)
    {
        JsonObject header = _header.DeepClone().AsObject();
        string json = config.ToJsonString().Replace(NanToken, "NaN", StringComparison.Ordinal).Replace(InfinityToken, "1e999", StringComparison.Ordinal);
        header["__metadata__"]!["edgelstm.config"] = json;
        return new ModelMutant(kind, description, Assemble(header));
    }

    // The same data after a new header, padded with spaces to 8 bytes as the writer does.
    private byte[] Assemble(JsonObject header)
    {
        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        int padded = (json.Length + 7) / 8 * 8;
        var bytes = new byte[8 + padded + (_original.Length - 8 - _headerLength)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        json.CopyTo(bytes, 8);
        bytes.AsSpan(8 + json.Length, padded - json.Length).Fill((byte)' ');
        _original.AsSpan(8 + _headerLength).CopyTo(bytes.AsSpan(8 + padded));
        return bytes;
    }

    private static void Collect(JsonNode node, string path, List<(JsonNode Parent, string? Key, int Index, string Path)> slots)
    {
        if (node is JsonObject obj)
        {
            foreach ((string key, JsonNode? child) in obj)
            {
                string childPath = path.Length == 0 ? key : $"{path}.{key}";
                slots.Add((obj, key, -1, childPath));
                if (child is not null)
                {
                    Collect(child, childPath, slots);
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (int i = 0; i < array.Count; i++)
            {
                string childPath = $"{path}[{i}]";
                slots.Add((array, null, i, childPath));
                if (array[i] is JsonNode child)
                {
                    Collect(child, childPath, slots);
                }
            }
        }
    }

    private static void Set(JsonNode parent, string? key, int index, JsonNode? value)
    {
        if (key is not null)
        {
            parent[key] = value;
        }
        else
        {
            parent[index] = value;
        }
    }
}
