using EdgeLstm.Model.Serialization;

namespace EdgeLstm.Model.Tests;

public sealed class ModelQuantizationTests
{
    private static readonly ModelQuantization s_valid = new()
    {
        Scheme = QuantizationScheme.FloatSD8,
        InputScale = 0.03125,
        InputZeroPoint = -7,
        CellExponent = 12,
        CalibrationSequences = 100,
    };

    [Fact]
    public void Validate_ValidValues_DoesNotThrow()
    {
        Exception? error = Record.Exception(() => s_valid.Validate(4));

        Assert.Null(error);
    }

    [Fact]
    public void Read_ModelWithQuantization_RoundTripsEveryValue()
    {
        SequenceModel<float> model = SequenceModel.Create<float>(TestModels.Config(CellKind.Lstm, HeadKind.Sigmoid) with { Quantization = s_valid }, seed: 1);

        SequenceModel<float> read = ModelFile.Read(ModelFile.ToBytes(model));

        Assert.Equal(s_valid, read.Config.Quantization);
    }

    [Fact]
    public void Serialize_Quantization_UsesSnakeCaseSchemeName()
    {
        string json = ModelConfigJson.Serialize(TestModels.Config(CellKind.Lstm, HeadKind.Sigmoid) with { Quantization = s_valid });

        Assert.Contains("\"quantization\":{\"scheme\":\"floatsd8\",\"input_scale\":0.03125,\"input_zero_point\":-7,\"cell_exponent\":12", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ModelWithPerFeatureQuantization_RoundTripsEveryValue()
    {
        ModelConfig config = TestModels.Config(CellKind.Lstm, HeadKind.Sigmoid);
        double[] scales = [.. Enumerable.Range(0, config.InputSize).Select(j => 0.01 * (j + 1))];
        int[] zeroPoints = [.. Enumerable.Range(0, config.InputSize).Select(j => j - 128)];
        SequenceModel<float> model = SequenceModel.Create<float>(
            config with { Quantization = new ModelQuantization { InputScales = scales, InputZeroPoints = zeroPoints, CellExponent = 11 } }, seed: 1);

        ModelQuantization read = ModelFile.Read(ModelFile.ToBytes(model)).Config.Quantization!;

        Assert.Equal(scales, read.InputScales!);
        Assert.Equal(zeroPoints, read.InputZeroPoints!);
        Assert.Null(read.InputScale);
        Assert.True(read.PerFeature);
    }

    [Theory]
    [InlineData(1, 0, "input_scales has 1 entries")]
    [InlineData(2, 0, "input_zero_points has")]
    [InlineData(3, 0.0, "input_scales[1] 0")]
    [InlineData(4, 0, "input_zero_points[2] 200")]
    [InlineData(5, 0, "not both or neither")]
    public void Validate_InvalidPerFeatureValues_ThrowsNamingTheField(int variant, double badScale, string expected)
    {
        var valid = new ModelQuantization { InputScales = [0.1, 0.2, 0.3], InputZeroPoints = [0, -5, 7], CellExponent = 12 };
        ModelQuantization invalid = variant switch
        {
            1 => valid with { InputScales = [0.1] },
            2 => valid with { InputZeroPoints = [0, 1] },
            3 => valid with { InputScales = [0.1, badScale, 0.3] },
            4 => valid with { InputZeroPoints = [0, 1, 200] },
            _ => valid with { InputScale = 0.1, InputZeroPoint = 0 },
        };

        ArgumentException error = Assert.Throws<ArgumentException>(() => invalid.Validate(3));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"input_scale\":0.03125", "\"input_scale\":0", "quantization.input_scale 0")]
    [InlineData("\"input_scale\":0.03125", "\"input_scale\":-1", "quantization.input_scale -1")]
    [InlineData("\"input_scale\":0.03125", "\"input_scale\":1E300", "quantization.input_scale")]
    [InlineData("\"input_zero_point\":-7", "\"input_zero_point\":128", "quantization.input_zero_point 128")]
    [InlineData("\"cell_exponent\":12", "\"cell_exponent\":16", "quantization.cell_exponent 16")]
    [InlineData("\"cell_exponent\":12", "\"cell_exponent\":-1", "quantization.cell_exponent -1")]
    [InlineData("\"calibration_sequences\":100", "\"calibration_sequences\":-3", "quantization.calibration_sequences -3")]
    [InlineData("\"scheme\":\"floatsd8\"", "\"scheme\":\"int4\"", "$.quantization.scheme")]
    [InlineData("\"cell_exponent\":12", "\"cell_exponent\":12,\"offset\":3", "offset")]
    public void Read_InvalidQuantizationValue_ThrowsNamingTheField(string valid, string invalid, string expected)
    {
        SequenceModel<float> model = SequenceModel.Create<float>(TestModels.Config(CellKind.Lstm, HeadKind.Sigmoid) with { Quantization = s_valid }, seed: 1);
        SafeTensorsDocument document = SafeTensorsReader.Read(ModelFile.ToBytes(model));
        var metadata = new Dictionary<string, string>(document.Metadata, StringComparer.Ordinal);
        Assert.Contains(valid, metadata[ModelFile.ConfigKey], StringComparison.Ordinal);
        metadata[ModelFile.ConfigKey] = metadata[ModelFile.ConfigKey].Replace(valid, invalid, StringComparison.Ordinal);
        byte[] bytes = SafeTensorsWriter.ToBytes(metadata, [.. document.Tensors]);

        ModelFormatException error = Assert.Throws<ModelFormatException>(() => ModelFile.Read(bytes));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
