using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Model.Tests.Quantization;

public sealed class QuantizedHeadTests
{
    [Fact]
    public void Evaluate_RandomHiddenStates_TracksFloatHead()
    {
        var random = new Random(41);
        const int Outputs = 3;
        const int Hidden = 40;
        float[] weights = [.. Enumerable.Range(0, Outputs * Hidden).Select(_ => (float)(random.NextDouble() - 0.5))];
        float[] bias = [0.3f, -1.2f, 0.05f];
        QuantizedHead head = QuantizedCellFactory.CreateHead(weights, bias, Outputs, Hidden, WeightFormat.Int8);
        var destination = new float[Outputs];
        for (int trial = 0; trial < 50; trial++)
        {
            sbyte[] hidden = CellTestData.RandomInput(random, Hidden);

            head.Evaluate(hidden, destination);

            for (int r = 0; r < Outputs; r++)
            {
                double expected = bias[r];
                for (int j = 0; j < Hidden; j++)
                {
                    expected += weights[(r * Hidden) + j] * hidden[j] / 128.0;
                }

                // Per-row int8 weights: each of 40 products is off by at most half a weight step (max|w| / 254) times |h| < 1.
                Assert.InRange(destination[r] - expected, -0.05, 0.05);
            }
        }
    }

    [Fact]
    public void Evaluate_SteadyState_AllocatesNothing()
    {
        QuantizedHead head = QuantizedCellFactory.CreateHead(new float[2 * 8], new float[2], 2, 8, WeightFormat.Int8);
        var hidden = new sbyte[8];
        var destination = new float[2];
        Assert.Equal(0, SteadyStateAllocations.Measure(() => head.Evaluate(hidden, destination)));
    }
}
