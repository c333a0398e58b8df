using EdgeLstm.Model;

namespace EdgeLstm.Model.Tests;

public sealed class ModelConfigTests
{
    public static TheoryData<CellKind, bool, int, int, int> ParameterFormulas => new()
    {
        // DESIGN.md: lstm 4(mn + n² + n); lite 2(mn + n² + n) + n; slim1 mn + 4n² + 4n; slim2 mn + 4n² + n; slim3 mn + n² + 4n;
        // gru (torch.nn.GRU) 3(mn + n² + 2n).
        { CellKind.Lstm, true, 32, 64, 4 * ((32 * 64) + (64 * 64) + 64) },
        { CellKind.Lite, true, 32, 64, (2 * ((32 * 64) + (64 * 64) + 64)) + 64 },
        { CellKind.Lite, false, 32, 64, 2 * ((32 * 64) + (64 * 64) + 64) },
        { CellKind.Slim1, true, 32, 64, (32 * 64) + (4 * 64 * 64) + (4 * 64) },
        { CellKind.Slim2, true, 32, 64, (32 * 64) + (4 * 64 * 64) + 64 },
        { CellKind.Slim3, true, 32, 64, (32 * 64) + (64 * 64) + (4 * 64) },
        { CellKind.Lstm, true, 7, 3, 4 * ((7 * 3) + (3 * 3) + 3) },
        { CellKind.Slim3, true, 1, 1, 1 + 1 + 4 },
        { CellKind.Gru, true, 32, 64, 3 * ((32 * 64) + (64 * 64) + (2 * 64)) },
        { CellKind.Gru, false, 7, 3, 3 * ((7 * 3) + (3 * 3) + (2 * 3)) },
    };

    [Theory]
    [MemberData(nameof(ParameterFormulas))]
    public void CellParameterCount_EveryCell_EqualsDesignFormulaAndBuiltModel(CellKind cell, bool peephole, int m, int n, int expected)
    {
        ModelConfig config = TestModels.Config(cell, HeadKind.Sigmoid, inputSize: m, hiddenSize: n, peephole: peephole);

        SequenceModel<float> model = SequenceModel.Create<float>(config, seed: 1);

        Assert.Equal(expected, config.CellParameterCount);
        Assert.Equal(expected, model.CellParameterCount);
        Assert.Equal(expected + n + 1, model.Parameters.Length);
    }

    [Fact]
    public void Tensors_Gru_UsePyTorchShapesWithBothBiases()
    {
        SequenceModel<float> model = SequenceModel.Create<float>(TestModels.Config(CellKind.Gru, HeadKind.Sigmoid, inputSize: 5, hiddenSize: 6), seed: 1);

        string[] described = model.Tensors.Select(t => $"{t.Name}{t.ShapeText}@{t.Offset}").ToArray();

        Assert.Equal(["cell.weight_ih[18, 5]@0", "cell.weight_hh[18, 6]@90", "cell.bias[18]@198", "cell.bias_hh[18]@216", "head.weight[1, 6]@234", "head.bias[1]@240"], described);
    }

    [Fact]
    public void CellParameterCount_UnknownKind_Throws()
    {
        ModelConfig config = TestModels.Config(CellKind.Lstm, HeadKind.Sigmoid, inputSize: 3, hiddenSize: 4) with { Cell = (CellKind)99 };

        Assert.Throws<ArgumentOutOfRangeException>(() => config.CellParameterCount);
    }

    [Fact]
    public void Tensors_Lstm_UsePyTorchNamesAndShapes()
    {
        SequenceModel<float> model = SequenceModel.Create<float>(TestModels.Config(CellKind.Lstm, HeadKind.Softmax, inputSize: 5, hiddenSize: 6, classes: 4), seed: 1);

        string[] described = model.Tensors.Select(t => $"{t.Name}{t.ShapeText}@{t.Offset}").ToArray();

        Assert.Equal(["cell.weight_ih[24, 5]@0", "cell.weight_hh[24, 6]@120", "cell.bias[24]@264", "head.weight[4, 6]@288", "head.bias[4]@312"], described);
    }

    public static TheoryData<ModelConfig, string> InvalidConfigs => new()
    {
        { new ModelConfig { InputSize = 0, HiddenSize = 4 }, "input_size 0" },
        { new ModelConfig { InputSize = 3, HiddenSize = 5000 }, "hidden_size 5000" },
        { new ModelConfig { InputSize = 3, HiddenSize = 4, Head = HeadKind.Softmax, OutputSize = 1 }, "output_size 1 must be 2" },
        { new ModelConfig { InputSize = 3, HiddenSize = 4, Head = HeadKind.NextStep, OutputSize = 2, SequenceLength = 4 }, "must equal input_size" },
        { new ModelConfig { InputSize = 3, HiddenSize = 4, Head = HeadKind.NextStep, OutputSize = 3, SequenceLength = 1 }, "at least 2" },
        { new ModelConfig { InputSize = 3, HiddenSize = 4, Threshold = double.NaN }, "threshold" },
        { new ModelConfig { InputSize = 3, HiddenSize = 4, Cell = (CellKind)42 }, "cell '42'" },
        { new ModelConfig { InputSize = 2, HiddenSize = 4, Features = new FeatureNormalization { Names = ["a"], Transforms = ["none"], Means = [0], StandardDeviations = [1] } }, "features.names has 1" },
        { new ModelConfig { InputSize = 1, HiddenSize = 4, Features = new FeatureNormalization { Names = ["a"], Transforms = ["none"], Means = [0], StandardDeviations = [0] } }, "standard_deviations[0]" },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public void Validate_InvalidSetting_ThrowsNamingIt(ModelConfig config, string expected)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(config.Validate);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
