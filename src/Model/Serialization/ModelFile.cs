using System.Globalization;

namespace EdgeLstm.Model.Serialization;

/// <summary>Reads and writes a model as one <c>.safetensors</c> file with <c>edgelstm.format</c> and <c>edgelstm.config</c> metadata.</summary>
/// <remarks>
/// Float tensors are stored as F32 under the names of <see cref="SequenceModel{T}.Tensors"/>
/// (<c>cell.weight_ih</c>, …, <c>head.bias</c>), in that order. The writer is deterministic: the same model gives
/// the same bytes. The reader validates the container, the format version, the configuration and every tensor's
/// name, dtype and shape against the configuration, and reports every problem as a <see cref="ModelFormatException"/>.
/// When the configuration's <see cref="ModelConfig.Compression"/> asks for it, weight matrices are stored in compressed
/// sparse rows and/or as FloatSD8 codes instead (see <see cref="CompressedTensors"/>); the reader checks every index.
/// </remarks>
public static class ModelFile
{
    /// <summary>The format version this build writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The metadata key of the format version.</summary>
    public const string FormatKey = "edgelstm.format";

    /// <summary>The metadata key of the configuration JSON.</summary>
    public const string ConfigKey = "edgelstm.config";

    // Parameters beyond this many bytes are checked against the file's size before they are allocated.
    private const long LargeAllocationBytes = 16 << 20;

    /// <summary>Returns the bytes of a model file.</summary>
    public static byte[] ToBytes(SequenceModel<float> model) => SafeTensorsWriter.ToBytes(Metadata(model), Tensors(model));

    /// <summary>Writes a model to a stream.</summary>
    public static void Write(SequenceModel<float> model, Stream destination) => SafeTensorsWriter.Write(destination, Metadata(model), Tensors(model));

    /// <summary>Writes a model to a file, replacing it atomically: the bytes go to a temporary file in the same folder,
    /// flushed to disk, then renamed over the path; on any error the temporary file is deleted and the path is untouched.</summary>
    public static void Save(SequenceModel<float> model, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = ToBytes(model);
        string temporary = path + ".tmp";
        try
        {
            using (FileStream stream = File.Create(temporary))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Reads a model file.</summary>
    /// <exception cref="ModelFormatException">The file is not a valid model; the message says what is wrong and where.</exception>
    public static SequenceModel<float> Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return FromDocument(SafeTensorsReader.ReadFile(path), path);
    }

    /// <summary>Reads a model from the bytes of a model file.</summary>
    /// <exception cref="ModelFormatException">The bytes are not a valid model.</exception>
    public static SequenceModel<float> Read(ReadOnlySpan<byte> bytes) => FromDocument(SafeTensorsReader.Read(bytes), "model");

    /// <summary>Reads a model from a stream.</summary>
    /// <exception cref="ModelFormatException">The stream does not hold a valid model.</exception>
    public static SequenceModel<float> Read(Stream source) => FromDocument(SafeTensorsReader.Read(source), "model");

    private static SortedDictionary<string, string> Metadata(SequenceModel<float> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [FormatKey] = FormatVersion.ToString(CultureInfo.InvariantCulture),
            [ConfigKey] = ModelConfigJson.Serialize(model.Config),
        };
    }

    private static SafeTensor[] Tensors(SequenceModel<float> model)
    {
        ModelCompression? compression = model.Config.Compression;
        return model.Tensors
            .SelectMany(t => CompressedTensors.Encode(t, model.Parameters.AsSpan(t.Offset, t.Length), IsSparse(compression, t), IsFloatSD8(compression, t)))
            .ToArray();
    }

    private static bool IsSparse(ModelCompression? compression, TensorSpec tensor) => compression is { Sparse: true } && ModelCompression.IsSparseCandidate(tensor);

    private static bool IsFloatSD8(ModelCompression? compression, TensorSpec tensor) => compression is { FloatSD8: true } && ModelCompression.IsFloatSD8Candidate(tensor);

    private static SequenceModel<float> FromDocument(SafeTensorsDocument document, string source)
    {
        if (!document.Metadata.TryGetValue(FormatKey, out string? format))
        {
            throw new ModelFormatException($"{source}: metadata '{FormatKey}' is missing; this is not an EdgeLstm model file.");
        }

        if (format != FormatVersion.ToString(CultureInfo.InvariantCulture))
        {
            throw new ModelFormatException($"{source}: metadata '{FormatKey}' is '{format}', but this build reads format {FormatVersion} only.");
        }

        if (!document.Metadata.TryGetValue(ConfigKey, out string? configJson))
        {
            throw new ModelFormatException($"{source}: metadata '{ConfigKey}' is missing.");
        }

        ModelConfig config = ModelConfigJson.Deserialize(configJson);
        if (config.Compression is null)
        {
            // A large header that asks for more F32 parameters than the file holds bytes is refused before they are
            // allocated (a mutated hidden_size of 4096 would take half a gigabyte on a gateway first); a small one gets
            // the per-tensor message below.
            long parameters = config.CellParameterCount + ((long)config.OutputSize * (config.HiddenSize + 1));
            long stored = document.Tensors.Sum(t => (long)t.Data.Length);
            if (parameters * sizeof(float) > LargeAllocationBytes && stored < parameters * sizeof(float))
            {
                throw new ModelFormatException($"{source}: the configuration needs {parameters} F32 parameters ({parameters * sizeof(float)} bytes) but the file holds {stored} bytes of tensor data.");
            }
        }

        SequenceModel<float> model = SequenceModel.CreateZeroed<float>(config);
        ModelCompression? compression = config.Compression;
        var expected = model.Tensors
            .SelectMany(t => CompressedTensors.StoredNames(t, IsSparse(compression, t), IsFloatSD8(compression, t)))
            .ToHashSet(StringComparer.Ordinal);
        foreach (SafeTensor tensor in document.Tensors)
        {
            if (!expected.Contains(tensor.Name))
            {
                throw new ModelFormatException($"{source}: tensor '{tensor.Name}' is not part of a {config.Cell} model with a {config.Head} head{(compression is null ? "" : " and this compression")}.");
            }
        }

        foreach (TensorSpec spec in model.Tensors)
        {
            if (IsSparse(compression, spec) || IsFloatSD8(compression, spec))
            {
                CompressedTensors.Decode(document, spec, IsSparse(compression, spec), IsFloatSD8(compression, spec), model.Parameters.AsSpan(spec.Offset, spec.Length), source);
                continue;
            }

            if (!document.TryGetTensor(spec.Name, out SafeTensor? tensor))
            {
                throw new ModelFormatException($"{source}: tensor '{spec.Name}' {spec.ShapeText} is missing.");
            }

            if (tensor.DType != SafeTensorDType.F32)
            {
                throw new ModelFormatException($"{source}: tensor '{spec.Name}' has dtype {tensor.DType.ToSafeTensorsName()}, expected F32.");
            }

            if (!tensor.Shape.SequenceEqual(spec.Shape))
            {
                throw new ModelFormatException($"{source}: tensor '{spec.Name}' has shape [{string.Join(", ", tensor.Shape)}], expected {spec.ShapeText}.");
            }

            tensor.ToSingleArray().CopyTo(model.Parameters.AsSpan(spec.Offset, spec.Length));
        }

        return model;
    }
}
