using EdgeLstm.Model.LowPrecision;
using EdgeLstm.Model.Quantization;
using EdgeLstm.Model.Serialization;
using Xunit.Abstractions;

namespace EdgeLstm.Model.Tests.Quantization;

[Trait("Category", "Kernels")]
public sealed class IntegerSequenceScorerTests(ITestOutputHelper output)
{
    private const int InputSize = 8;
    private const int HiddenSize = 16;
    private const int Steps = 6;
    private const int Count = 32;

    // Scores are probabilities (or a squared error in standard deviations). Measured over every cell and head, six
    // steps: |Δscore| ≤ 0.0015 for sigmoid and softmax, ≤ 0.0034 for next-step (m predictions squared and averaged).
    private const double RandomModelBound = 0.01;

    // Trained weights are larger and the decision sharper, and these bounded inputs (uniform in ±2) are the worst case
    // of the default headroom, an input step three times the one their range needs (a trade for unseen traffic):
    // measured |Δp| 0.046 (lstm), 0.054 (lite), 0.021 (slim3); 0.010, 0.015 and 0.010 with one shared scale, no headroom.
    private const double TrainedModelBound = 0.08;

    public static TheoryData<CellKind, HeadKind> Kinds() => TestModels.AllCellsAndHeads();

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Score_RandomModel_TracksFloatScore(CellKind cell, HeadKind head)
    {
        SequenceModel<float> model = SequenceModel.Create<float>(
            TestModels.Config(cell, head, InputSize, HiddenSize, steps: Steps), seed: 30 + (int)cell + (10 * (int)head));
        var random = new Random(40);
        float[] calibration = TestModels.RandomInputs<float>(random, 64, Steps, InputSize, scale: 2);
        IntegerSequenceScorer scorer = IntegerSequenceScorer.Quantize(model, calibration, 64, Steps);

        double error = MaxScoreError(model, scorer, TestModels.RandomInputs<float>(random, Count, Steps, InputSize, scale: 2));

        output.WriteLine($"{cell} {head}: max |Δscore| {error:F5}");
        Assert.InRange(error, 0, RandomModelBound);
    }

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Lite)]
    [InlineData(CellKind.Slim3)]
    public void Score_TrainedModel_TracksFloatScore(CellKind cell)
    {
        (SequenceModel<float> model, float[] inputs, double accuracy) = TrainedModel(cell);
        Assert.InRange(accuracy, 0.9, 1.0);
        IntegerSequenceScorer scorer = IntegerSequenceScorer.Quantize(model, inputs, inputs.Length / (Steps * InputSize), Steps);

        var random = new Random(50);
        float[] test = TestModels.RandomInputs<float>(random, Count, Steps, InputSize, scale: 2);
        double error = MaxScoreError(model, scorer, test);

        output.WriteLine($"trained {cell}: training accuracy {accuracy:P1}, max |Δp| {error:F5}");
        Assert.InRange(error, 0, TrainedModelBound);
    }

    [Fact]
    public void Outputs_NextStepHead_ArePredictionsWhoseMeanSquaredErrorIsTheScore()
    {
        SequenceModel<float> model = SequenceModel.Create<float>(TestModels.Config(CellKind.Lstm, HeadKind.NextStep, InputSize, HiddenSize, steps: Steps), seed: 8);
        var random = new Random(9);
        IntegerSequenceScorer scorer = IntegerSequenceScorer.Quantize(model, TestModels.RandomInputs<float>(random, 32, Steps, InputSize), 32, Steps);
        float[] sequence = TestModels.RandomInputs<float>(random, 1, Steps, InputSize);

        float score = scorer.Score(sequence);

        float[] last = sequence[((Steps - 1) * InputSize)..];
        float[] outputs = scorer.Outputs.ToArray();
        Assert.Equal(InputSize, outputs.Length);
        Assert.Equal(score, Enumerable.Range(0, InputSize).Sum(j => (outputs[j] - last[j]) * (outputs[j] - last[j])) / InputSize, 5);
    }

    [Fact]
    public void Score_SecondCall_DoesNotAllocate()
    {
        SequenceModel<float> model = SequenceModel.Create<float>(TestModels.Config(CellKind.Lstm, HeadKind.Softmax, InputSize, HiddenSize, steps: Steps), seed: 3);
        float[] inputs = TestModels.RandomInputs<float>(new Random(4), 8, Steps, InputSize);
        IntegerSequenceScorer scorer = IntegerSequenceScorer.Quantize(model, inputs, 8, Steps);
        float score = float.NaN;

        Assert.Equal(0, SteadyStateAllocations.Measure(() => score = scorer.Score(inputs.AsSpan(0, Steps * InputSize))));
        Assert.InRange(score, 0f, 1f);
    }

    [Fact]
    public void Score_SameSequenceTwice_GivesTheSameScore()
    {
        SequenceModel<float> model = SequenceModel.Create<float>(TestModels.Config(CellKind.Lite, HeadKind.Sigmoid, InputSize, HiddenSize, steps: Steps), seed: 5);
        float[] inputs = TestModels.RandomInputs<float>(new Random(6), 8, Steps, InputSize);
        IntegerSequenceScorer scorer = IntegerSequenceScorer.Quantize(model, inputs, 8, Steps);

        float first = scorer.Score(inputs.AsSpan(0, Steps * InputSize));
        scorer.Score(inputs.AsSpan(Steps * InputSize, Steps * InputSize));

        Assert.Equal(first, scorer.Score(inputs.AsSpan(0, Steps * InputSize)));
    }

    [Fact]
    public void Score_LengthNotMultipleOfInputSize_Throws()
    {
        SequenceModel<float> model = SequenceModel.Create<float>(TestModels.Config(CellKind.Lstm, HeadKind.Sigmoid, InputSize, HiddenSize), seed: 7);
        float[] inputs = TestModels.RandomInputs<float>(new Random(8), 4, 4, InputSize);
        IntegerSequenceScorer scorer = IntegerSequenceScorer.Quantize(model, inputs, 4, 4);

        Assert.Throws<ArgumentException>(() => scorer.Score(new float[InputSize + 1]));
    }

    [Fact]
    public void Score_NextStepHeadOneStep_Throws()
    {
        SequenceModel<float> model = SequenceModel.Create<float>(TestModels.Config(CellKind.Lstm, HeadKind.NextStep, InputSize, HiddenSize), seed: 9);
        float[] inputs = TestModels.RandomInputs<float>(new Random(10), 4, 4, InputSize);
        IntegerSequenceScorer scorer = IntegerSequenceScorer.Quantize(model, inputs, 4, 4);

        ArgumentException error = Assert.Throws<ArgumentException>(() => scorer.Score(new float[InputSize]));

        Assert.Contains("at least 2 steps", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CellKind.Lstm, false, false)]
    [InlineData(CellKind.Lite, true, false)]
    [InlineData(CellKind.Slim2, false, true)]
    public void FromModel_AfterModelFileRoundTrip_ScoresBitForBit(CellKind cell, bool floatSD8, bool sparse)
    {
        ModelConfig config = TestModels.Config(cell, HeadKind.Softmax, InputSize, HiddenSize, steps: Steps) with
        {
            Compression = floatSD8 || sparse ? new ModelCompression { FloatSD8 = floatSD8, Sparse = sparse } : null,
        };
        SequenceModel<float> created = SequenceModel.Create<float>(config, seed: 11);
        if (floatSD8)
        {
            // Only weights on the FloatSD8 grid (as FloatSD8 training leaves them) can be stored as FloatSD8.
            foreach (TensorSpec tensor in created.Tensors.Where(ModelCompression.IsFloatSD8Candidate))
            {
                Span<float> values = created.Parameters.AsSpan(tensor.Offset, tensor.Length);
                FloatSD8Quantizer.QuantizeTensor(values, values);
            }
        }

        SequenceModel<float> model = ModelFile.Read(ModelFile.ToBytes(created));
        float[] inputs = TestModels.RandomInputs<float>(new Random(12), 16, Steps, InputSize, scale: 2);
        IntegerSequenceScorer original = IntegerSequenceScorer.Quantize(model, inputs, 16, Steps);
        var quantized = new SequenceModel<float>(model.Config with { Quantization = original.Quantization }, model.Parameters);

        SequenceModel<float> read = ModelFile.Read(ModelFile.ToBytes(quantized));
        IntegerSequenceScorer rebuilt = IntegerSequenceScorer.FromModel(read);

        ModelQuantization expected = original.Quantization;
        ModelQuantization actual = read.Config.Quantization!;
        Assert.Equal(expected with { InputScales = null, InputZeroPoints = null }, actual with { InputScales = null, InputZeroPoints = null });
        Assert.Equal(expected.FeatureScales(expected.InputScales?.Count ?? 1), actual.FeatureScales(expected.InputScales?.Count ?? 1));
        Assert.Equal(expected.FeatureZeroPoints(expected.InputScales?.Count ?? 1), actual.FeatureZeroPoints(expected.InputScales?.Count ?? 1));
        Assert.Equal(floatSD8 ? QuantizationScheme.FloatSD8 : sparse ? QuantizationScheme.SparseInt8 : QuantizationScheme.DenseInt8, read.Config.Quantization!.Scheme);
        for (int s = 0; s < 16; s++)
        {
            ReadOnlySpan<float> sequence = inputs.AsSpan(s * Steps * InputSize, Steps * InputSize);
            Assert.Equal(original.Score(sequence), rebuilt.Score(sequence));
            SequenceAssert.Equal(original.Hidden, rebuilt.Hidden, "hidden state");
        }
    }

    [Fact]
    public void FromModel_NoQuantizationSection_ThrowsSayingSo()
    {
        SequenceModel<float> model = SequenceModel.Create<float>(TestModels.Config(CellKind.Lstm, HeadKind.Sigmoid, InputSize, HiddenSize), seed: 13);

        ArgumentException error = Assert.Throws<ArgumentException>(() => IntegerSequenceScorer.FromModel(model));

        Assert.Contains("no quantization section", error.Message, StringComparison.Ordinal);
    }

    private static double MaxScoreError(SequenceModel<float> model, IntegerSequenceScorer scorer, float[] test)
    {
        int count = test.Length / (Steps * InputSize);
        var expected = new float[count];
        model.Score(new SequenceBatch<float>(test, count, Steps), model.CreateWorkspace(), expected);
        double error = 0;
        for (int s = 0; s < count; s++)
        {
            float actual = scorer.Score(test.AsSpan(s * Steps * InputSize, Steps * InputSize));
            error = Math.Max(error, Math.Abs(actual - expected[s]));
        }

        return error;
    }

    // Plain gradient descent on a synthetic task (is the mean of the first feature over the sequence positive?) until
    // the weights have moved well away from their initialization.
    private static (SequenceModel<float> Model, float[] Inputs, double Accuracy) TrainedModel(CellKind cell)
    {
        const int Sequences = 128;
        SequenceModel<float> model = SequenceModel.Create<float>(TestModels.Config(cell, HeadKind.Sigmoid, InputSize, HiddenSize, steps: Steps), seed: 60 + (int)cell);
        var random = new Random(70);
        float[] inputs = TestModels.RandomInputs<float>(random, Sequences, Steps, InputSize, scale: 2);
        int[] labels = new int[Sequences];
        for (int s = 0; s < Sequences; s++)
        {
            float sum = 0;
            for (int t = 0; t < Steps; t++)
            {
                sum += inputs[((s * Steps) + t) * InputSize];
            }

            labels[s] = sum > 0 ? 1 : 0;
        }

        SequenceWorkspace<float> workspace = model.CreateWorkspace();
        for (int epoch = 0; epoch < 150; epoch++)
        {
            model.Loss(new SequenceBatch<float>(inputs, Sequences, Steps, labels), workspace, computeGradients: true);
            for (int i = 0; i < model.Parameters.Length; i++)
            {
                model.Parameters[i] -= 0.3f * workspace.Gradients[i];
            }
        }

        var scores = new float[Sequences];
        model.Score(new SequenceBatch<float>(inputs, Sequences, Steps), workspace, scores);
        double accuracy = Enumerable.Range(0, Sequences).Count(s => (scores[s] > 0.5f ? 1 : 0) == labels[s]) / (double)Sequences;
        return (model, inputs, accuracy);
    }
}
