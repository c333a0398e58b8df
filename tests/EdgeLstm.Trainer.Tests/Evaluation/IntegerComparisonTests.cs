using EdgeLstm.Model;
using EdgeLstm.Model.Quantization;
using EdgeLstm.Trainer.Data;
using EdgeLstm.Trainer.Evaluation;
using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Trainer.Tests.Evaluation;

public sealed class IntegerComparisonTests
{
    private const int Steps = 3;
    private const int InputSize = 4;

    [Theory]
    [InlineData(HeadKind.Sigmoid)]
    [InlineData(HeadKind.NextStep)]
    public void Measure_RandomModel_MatchesFloatMetricsAndStaysClose(HeadKind head)
    {
        var config = new ModelConfig { InputSize = InputSize, HiddenSize = 8, Head = head, OutputSize = head == HeadKind.NextStep ? InputSize : 1, SequenceLength = Steps };
        SequenceModel<float> model = SequenceModel.Create<float>(config, seed: 2);
        SequenceSet set = RandomSet(new Random(3), 200);
        IntegerSequenceScorer scorer = IntegerSequenceScorer.Quantize(model, set.Inputs, set.Count, Steps, inputTailFraction: 0);
        float[] floatScores = ModelTrainer.Score(model, set);
        double threshold = floatScores.Order().ElementAt(100);

        IntegerComparison comparison = IntegerComparison.Measure(model, scorer, set, threshold);

        Assert.Equal(BinaryMetrics.Compute(floatScores, set.Labels.Select(l => l != 0).ToArray(), threshold), comparison.Float);
        Assert.InRange(comparison.MaxHiddenError, 0, 0.03);
        Assert.InRange(comparison.P99HiddenError, 0, comparison.MaxHiddenError);
        Assert.InRange(comparison.MeanScoreError, 0, comparison.MaxScoreError);
        Assert.InRange(comparison.MaxScoreError, 0, 0.02);
        Assert.InRange(comparison.DecisionAgreement, 0.95, 1);
        Assert.Equal(0, comparison.ClippedInputs);
        Assert.Equal(set.Count, comparison.IntegerScores.Length);
    }

    [Fact]
    public void Print_Comparison_WritesDifferenceInPoints()
    {
        var config = new ModelConfig { InputSize = InputSize, HiddenSize = 8, SequenceLength = Steps };
        SequenceModel<float> model = SequenceModel.Create<float>(config, seed: 4);
        SequenceSet set = RandomSet(new Random(5), 50);
        IntegerComparison comparison = IntegerComparison.Measure(model, IntegerSequenceScorer.Quantize(model, set.Inputs, set.Count, Steps), set, 0.5);
        using var writer = new StringWriter();

        comparison.Print(writer);

        Assert.Matches(@"ROC AUC\s+\d+\.\d\d %\s+\d+\.\d\d %\s+([+-]\d+\.\d\d|0\.00) pt", writer.ToString());
        Assert.Contains("alert decisions agree on", writer.ToString(), StringComparison.Ordinal);
    }

    private static SequenceSet RandomSet(Random random, int count)
    {
        var inputs = new float[count * Steps * InputSize];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (float)((random.NextDouble() * 2) - 1);
        }

        int[] labels = [.. Enumerable.Range(0, count).Select(i => i % 3 == 0 ? 1 : 0)];
        return new SequenceSet(inputs, labels, [.. labels.Select(l => l == 0)], Steps, InputSize, ["benign", "attack"]);
    }
}
