using System.Text;
using EdgeLstm.Model;
using EdgeLstm.Model.Serialization;

namespace EdgeLstm.Model.Tests.Serialization;

public sealed class ModelFileTests
{
    public static TheoryData<CellKind, HeadKind, bool> EveryModel()
    {
        var data = new TheoryData<CellKind, HeadKind, bool>();
        foreach (CellKind cell in TestModels.AllCells)
        {
            foreach (HeadKind head in TestModels.AllHeads)
            {
                data.Add(cell, head, true);
            }
        }

        data.Add(CellKind.Lite, HeadKind.Sigmoid, false);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryModel))]
    public void Read_WrittenModel_RoundTripsConfigAndEveryParameter(CellKind cell, HeadKind head, bool peephole)
    {
        SequenceModel<float> model = SequenceModel.Create<float>(FullConfig(cell, head, peephole), seed: 3);

        SequenceModel<float> read = ModelFile.Read(ModelFile.ToBytes(model));

        Assert.Equal(ModelConfigJson.Serialize(model.Config), ModelConfigJson.Serialize(read.Config));
        Assert.Equal(model.Config.Features!.Names, read.Config.Features!.Names);
        Assert.Equal(model.Config.Provenance!.Metrics, read.Config.Provenance!.Metrics);
        Assert.Equal(model.Parameters, read.Parameters);
        Assert.Equal(model.Tensors.Select(t => $"{t.Name}{t.ShapeText}@{t.Offset}"), read.Tensors.Select(t => $"{t.Name}{t.ShapeText}@{t.Offset}"));
    }

    [Fact]
    public void ToBytes_SameModelTwice_GivesSameBytes()
    {
        SequenceModel<float> first = SequenceModel.Create<float>(FullConfig(CellKind.Lite, HeadKind.Softmax, true), seed: 9);
        SequenceModel<float> second = SequenceModel.Create<float>(FullConfig(CellKind.Lite, HeadKind.Softmax, true), seed: 9);

        Assert.Equal(ModelFile.ToBytes(first), ModelFile.ToBytes(second));
    }

    [Fact]
    public void Save_ThenLoad_RoundTripsThroughFile()
    {
        SequenceModel<float> model = SequenceModel.Create<float>(FullConfig(CellKind.Slim2, HeadKind.NextStep, true), seed: 4);
        string path = Path.Combine(Path.GetTempPath(), $"edgelstm-{Guid.NewGuid():N}.safetensors");
        try
        {
            ModelFile.Save(model, path);

            Assert.Equal(model.Parameters, ModelFile.Load(path).Parameters);
            Assert.False(File.Exists(path + ".tmp"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Save_UnserializableMetric_ThrowsAndLeavesNoFile()
    {
        ModelConfig config = FullConfig(CellKind.Lstm, HeadKind.Sigmoid, true);
        config = config with { Provenance = config.Provenance! with { Metrics = new Dictionary<string, double?> { ["roc_auc"] = double.NaN } } };
        SequenceModel<float> model = SequenceModel.Create<float>(config, seed: 4);
        string path = Path.Combine(Path.GetTempPath(), $"edgelstm-{Guid.NewGuid():N}.safetensors");

        Assert.ThrowsAny<ArgumentException>(() => ModelFile.Save(model, path));

        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Serialize_UndefinedMetric_WritesJsonNull()
    {
        ModelConfig config = FullConfig(CellKind.Lstm, HeadKind.Sigmoid, true);

        string json = ModelConfigJson.Serialize(config);

        Assert.Contains("\"precision\":null", json, StringComparison.Ordinal);
        Assert.Null(ModelConfigJson.Deserialize(json).Provenance!.Metrics["precision"]);
    }

    [Fact]
    public void Read_UnknownFormatVersion_ThrowsNamingVersion()
    {
        byte[] bytes = Rewrite(metadata => metadata[ModelFile.FormatKey] = "2", tensors => tensors);

        ModelFormatException error = Assert.Throws<ModelFormatException>(() => ModelFile.Read(bytes));

        Assert.Contains("'edgelstm.format' is '2'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFormat_ThrowsNotAnEdgeLstmModel()
    {
        byte[] bytes = Rewrite(metadata => metadata.Remove(ModelFile.FormatKey), tensors => tensors);

        ModelFormatException error = Assert.Throws<ModelFormatException>(() => ModelFile.Read(bytes));

        Assert.Contains("not an EdgeLstm model file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadConfigJson_ThrowsNamingConfig()
    {
        byte[] bytes = Rewrite(metadata => metadata[ModelFile.ConfigKey] = "{\"cell\": \"lstm\", ", tensors => tensors);

        ModelFormatException error = Assert.Throws<ModelFormatException>(() => ModelFile.Read(bytes));

        Assert.Contains("edgelstm.config", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownConfigKey_ThrowsNamingKey()
    {
        byte[] bytes = Rewrite(metadata => metadata[ModelFile.ConfigKey] = metadata[ModelFile.ConfigKey].Replace("{", "{\"colour\":1,", StringComparison.Ordinal), tensors => tensors);

        ModelFormatException error = Assert.Throws<ModelFormatException>(() => ModelFile.Read(bytes));

        Assert.Contains("colour", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidConfigValue_ThrowsNamingSetting()
    {
        byte[] bytes = Rewrite(metadata => metadata[ModelFile.ConfigKey] = metadata[ModelFile.ConfigKey].Replace("\"hidden_size\":5", "\"hidden_size\":-5", StringComparison.Ordinal), tensors => tensors);

        ModelFormatException error = Assert.Throws<ModelFormatException>(() => ModelFile.Read(bytes));

        Assert.Contains("hidden_size -5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingTensor_ThrowsNamingTensor()
    {
        byte[] bytes = Rewrite(_ => { }, tensors => tensors.Where(t => t.Name != "cell.weight_hh").ToList());

        ModelFormatException error = Assert.Throws<ModelFormatException>(() => ModelFile.Read(bytes));

        Assert.Contains("'cell.weight_hh' [20, 5] is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HiddenSizeFarBeyondTheTensorData_RefusedBeforeAllocating()
    {
        byte[] bytes = Rewrite(
            metadata => metadata[ModelFile.ConfigKey] = ModelConfigJson.Serialize(ModelConfigJson.Deserialize(metadata[ModelFile.ConfigKey]) with { HiddenSize = ModelConfig.MaxWidth }),
            tensors => tensors);

        ModelFormatException error = Assert.Throws<ModelFormatException>(() => ModelFile.Read(bytes));

        Assert.Contains("F32 parameters", error.Message, StringComparison.Ordinal);
        Assert.Contains("bytes of tensor data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ExtraTensor_ThrowsNamingTensor()
    {
        byte[] bytes = Rewrite(_ => { }, tensors => [.. tensors, SafeTensor.FromSingle("cell.surprise", [1], [1f])]);

        ModelFormatException error = Assert.Throws<ModelFormatException>(() => ModelFile.Read(bytes));

        Assert.Contains("'cell.surprise' is not part of", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WrongShape_ThrowsNamingTensorAndShapes()
    {
        byte[] bytes = Rewrite(_ => { }, tensors => tensors.Select(t => t.Name == "head.weight" ? SafeTensor.FromSingle(t.Name, [5, 1], t.ToSingleArray()) : t).ToList());

        ModelFormatException error = Assert.Throws<ModelFormatException>(() => ModelFile.Read(bytes));

        Assert.Contains("'head.weight' has shape [5, 1], expected [1, 5]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WrongDType_ThrowsNamingTensorAndDType()
    {
        byte[] bytes = Rewrite(_ => { }, tensors => tensors.Select(t => t.Name == "head.bias" ? SafeTensor.FromDouble(t.Name, [1], [0.5]) : t).ToList());

        ModelFormatException error = Assert.Throws<ModelFormatException>(() => ModelFile.Read(bytes));

        Assert.Contains("'head.bias' has dtype F64, expected F32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NaNWeight_ThrowsNamingTensor()
    {
        // The writer refuses non-finite values, so the NaN is written over the bytes of a valid file.
        SequenceModel<float> model = SequenceModel.Create<float>(FullConfig(CellKind.Lstm, HeadKind.Sigmoid, true), seed: 1);
        byte[] bytes = ModelFile.ToBytes(model);
        int dataStart = 8 + (int)BitConverter.ToUInt64(bytes, 0);
        TensorSpec bias = model.Tensors.Single(t => t.Name == "cell.bias");
        BitConverter.TryWriteBytes(bytes.AsSpan(dataStart + ((bias.Offset + bias.Length - 1) * sizeof(float))), float.NaN);

        ModelFormatException error = Assert.Throws<ModelFormatException>(() => ModelFile.Read(bytes));

        Assert.Contains("cell.bias", error.Message, StringComparison.Ordinal);
        Assert.Contains("NaN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Fuzzed_OnlyModelFormatExceptionOrSuccess()
    {
        byte[] valid = ModelFile.ToBytes(SequenceModel.Create<float>(FullConfig(CellKind.Lite, HeadKind.Softmax, true), seed: 2));
        var random = new Random(20261123);
        int rejected = 0;
        for (int iteration = 0; iteration < 3000; iteration++)
        {
            byte[] mutated = Mutate(valid, random);
            try
            {
                ModelFile.Read(mutated);
            }
            catch (ModelFormatException)
            {
                rejected++;
            }
        }

        // Most mutations hit the header or the sizes; some only change weights and stay valid.
        Assert.InRange(rejected, 300, 3000);
    }

    private static ModelConfig FullConfig(CellKind cell, HeadKind head, bool peephole)
    {
        ModelConfig config = TestModels.Config(cell, head, inputSize: 3, hiddenSize: 5, peephole: peephole, classes: 3, steps: 4);
        return config with
        {
            ClassNames = head == HeadKind.Softmax ? ["normal", "dos", "probe"] : head == HeadKind.Sigmoid ? ["benign", "attack"] : [],
            Threshold = 0.625,
            Features = new FeatureNormalization
            {
                Schema = "test",
                Version = 2,
                Names = ["a", "b", "c"],
                Transforms = ["none", "log1p", "none"],
                Means = [0.5, 1.25, -3],
                StandardDeviations = [1, 2.5, 0.1],
                WindowSeconds = 1,
            },
            Provenance = new ModelProvenance
            {
                DataHash = "abc123",
                Seed = 42,
                Tool = "test",
                Metrics = new Dictionary<string, double?> { ["roc_auc"] = 0.9, ["accuracy"] = 0.8, ["precision"] = null },
            },
        };
    }

    private static byte[] Rewrite(Action<Dictionary<string, string>> editMetadata, Func<List<SafeTensor>, List<SafeTensor>> editTensors)
    {
        byte[] valid = ModelFile.ToBytes(SequenceModel.Create<float>(FullConfig(CellKind.Lstm, HeadKind.Sigmoid, true), seed: 1));
        SafeTensorsDocument document = SafeTensorsReader.Read(valid);
        var metadata = new Dictionary<string, string>(document.Metadata, StringComparer.Ordinal);
        editMetadata(metadata);
        return SafeTensorsWriter.ToBytes(metadata, editTensors([.. document.Tensors]));
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        byte[] bytes = (byte[])valid.Clone();
        int headerEnd = 8 + (int)BitConverter.ToUInt64(valid, 0);
        switch (random.Next(5))
        {
            case 0:
                int flips = random.Next(1, 8);
                for (int i = 0; i < flips; i++)
                {
                    // Bias the flips to the header, where the structure is.
                    int at = random.Next(2) == 0 ? random.Next(headerEnd) : random.Next(bytes.Length);
                    bytes[at] ^= (byte)(1 << random.Next(8));
                }

                return bytes;
            case 1:
                return bytes[..random.Next(bytes.Length)];
            case 2:
                bytes[random.Next(8)] = (byte)random.Next(256);
                return bytes;
            case 3:
                byte[] digits = Encoding.ASCII.GetBytes(random.Next(100000).ToString(System.Globalization.CultureInfo.InvariantCulture));
                int position = random.Next(8, headerEnd - digits.Length);
                digits.CopyTo(bytes, position);
                return bytes;
            default:
                int insertAt = random.Next(bytes.Length);
                return [.. bytes[..insertAt], (byte)random.Next(256), .. bytes[insertAt..]];
        }
    }
}
