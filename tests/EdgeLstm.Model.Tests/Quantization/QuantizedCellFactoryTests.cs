using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Model.Tests.Quantization;

public sealed class QuantizedCellFactoryTests
{
    [Fact]
    public void Create_NaNWeight_ThrowsNamingTheTensor()
    {
        float[] inputWeights = new float[4 * 3 * 2];
        inputWeights[5] = float.NaN;

        ArgumentException error = Assert.Throws<ArgumentException>(() => QuantizedCellFactory.Create(
            CellKind.Lstm, 2, 3, inputWeights, new float[4 * 3 * 3], new float[4 * 3], null, 0.1, 0, 11, WeightFormat.Int8));

        Assert.Equal("inputWeights", error.ParamName);
    }

    [Fact]
    public void Create_WrongBiasLength_Throws()
    {
        // slim2 has a bias for g only: n values, not 4n.
        Assert.Throws<ArgumentException>(() => QuantizedCellFactory.Create(
            CellKind.Slim2, 2, 3, new float[3 * 2], new float[4 * 3 * 3], new float[4 * 3], null, 0.1, 0, 11, WeightFormat.Int8));
    }

    [Fact]
    public void Create_PeepholeOnLstm_Throws()
    {
        Assert.Throws<ArgumentException>(() => QuantizedCellFactory.Create(
            CellKind.Lstm, 2, 3, new float[4 * 3 * 2], new float[4 * 3 * 3], new float[4 * 3], new float[3], 0.1, 0, 11, WeightFormat.Int8));
    }

    [Fact]
    public void Create_Lstm_FoldsZeroPointIntoInputBias()
    {
        float[] inputWeights = [.. Enumerable.Repeat(0.5f, 4 * 1 * 2)];
        QuantizedCell cell = QuantizedCellFactory.Create(
            CellKind.Lstm, 2, 1, inputWeights, new float[4], new float[4], null, 0.25, 10, 11, WeightFormat.Int8);

        // Weights quantize to 127 each (scale 0.5 / 127); the folded bias is −z · Σ w = −10 · 254.
        Assert.All(cell.Input.Bias, b => Assert.Equal(-2540, b));
    }

    [Fact]
    public void Create_Slim3_StoresSigmoidGatesAsConstants()
    {
        float[] bias = [1.0f, -2.0f, 0.5f, 0.25f];
        QuantizedCell cell = QuantizedCellFactory.Create(
            CellKind.Slim3, 2, 1, new float[2], new float[1], bias, null, 0.1, 0, 11, WeightFormat.Int8);

        // i, f, o are constants round(4096 · b); g keeps its bias in the input projection, at the all-zero tensor's
        // fallback scale (1 / 127) · 0.1: round(0.5 / (0.1 / 127)) = 635.
        Assert.Equal([4096, -8192, 0, 1024], cell.ConstantPreactivations);
        Assert.Equal(635, cell.Input.Bias[0]);
    }

    [Fact]
    public void CreateHead_RowOfVanishingWeights_KeepsBiasInInt32AtTheFloorScale()
    {
        // Row 0 spans ±1; row 1 has decayed to 1e-10 but keeps a bias of 2 (a next-step head predicting a constant feature).
        float[] weights = [1f, -1f, 1e-10f, -1e-10f];
        float[] bias = [0f, 2f];

        QuantizedHead head = QuantizedCellFactory.CreateHead(weights, bias, 2, 2, WeightFormat.Int8);

        double floor = 1.0 / 127 / 256 / 128;
        Assert.Equal(floor, head.AccumulatorScales[1], 15);
        Assert.Equal((int)Math.Round(2 / floor), head.Bias[1]);
        var outputs = new float[2];
        head.Evaluate([0, 0], outputs);
        Assert.Equal(2f, outputs[1], 4);
    }
}
