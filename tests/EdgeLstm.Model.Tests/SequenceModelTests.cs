using EdgeLstm.Model;

namespace EdgeLstm.Model.Tests;

public sealed class SequenceModelTests
{
    public static TheoryData<CellKind, HeadKind> EveryCellAndHead()
    {
        var data = new TheoryData<CellKind, HeadKind>();
        foreach (CellKind cell in TestModels.AllCells)
        {
            foreach (HeadKind head in TestModels.AllHeads)
            {
                data.Add(cell, head);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCellAndHead))]
    public void Loss_AfterWarmUp_AllocatesNothing(CellKind cell, HeadKind head)
    {
        ModelConfig config = TestModels.Config(cell, head, inputSize: 8, hiddenSize: 16, steps: 10);
        SequenceModel<float> model = SequenceModel.Create<float>(config, seed: 1);
        var random = new Random(3);
        float[] inputs = TestModels.RandomInputs<float>(random, 16, 10, 8);
        int[] labels = TestModels.RandomLabels(random, 16, head, config.OutputSize);
        float[] scores = new float[16];
        SequenceWorkspace<float> workspace = model.CreateWorkspace();
        Assert.Equal(0, SteadyStateAllocations.Measure(
            () =>
            {
                var batch = new SequenceBatch<float>(inputs, 16, 10, labels);
                model.Loss(batch, workspace, computeGradients: true);
                model.Score(batch, workspace, scores);
            },
            warmUpCalls: 5,
            calls: 5));
    }

    [Fact]
    public void Loss_SmallerBatchAfterLarger_GivesSameResultAsFreshWorkspace()
    {
        ModelConfig config = TestModels.Config(CellKind.Lite, HeadKind.NextStep, inputSize: 3, hiddenSize: 6, steps: 5);
        SequenceModel<float> model = SequenceModel.Create<float>(config, seed: 2);
        var random = new Random(4);
        float[] large = TestModels.RandomInputs<float>(random, 9, 5, 3);
        float[] small = TestModels.RandomInputs<float>(random, 2, 5, 3);
        SequenceWorkspace<float> reused = model.CreateWorkspace();
        model.Loss(new SequenceBatch<float>(large, 9, 5), reused, computeGradients: true);

        float lossReused = model.Loss(new SequenceBatch<float>(small, 2, 5), reused, computeGradients: true);
        SequenceWorkspace<float> fresh = model.CreateWorkspace();
        float lossFresh = model.Loss(new SequenceBatch<float>(small, 2, 5), fresh, computeGradients: true);

        Assert.Equal(lossFresh, lossReused);
        Assert.Equal(fresh.Gradients, reused.Gradients);
    }

    [Fact]
    public void Score_Sigmoid_EqualsSigmoidOfLogitAndIgnoresLabels()
    {
        ModelConfig config = TestModels.Config(CellKind.Lstm, HeadKind.Sigmoid, steps: 3);
        SequenceModel<double> model = SequenceModel.Create<double>(config, seed: 5);
        double[] inputs = TestModels.RandomInputs<double>(new Random(1), 2, 3, 3);
        SequenceWorkspace<double> workspace = model.CreateWorkspace();
        var scores = new double[2];

        model.Score(new SequenceBatch<double>(inputs, 2, 3), workspace, scores);

        // With label 1 the BCE loss is −log σ(z): the score must be exp(−loss).
        double lossIfAttack = model.Loss(new SequenceBatch<double>(inputs.AsSpan(0, 9), 1, 3, [1]), workspace, computeGradients: false);
        Assert.Equal(Math.Exp(-lossIfAttack), scores[0], 12);
    }

    [Fact]
    public void Score_NextStep_IsMeanSquaredErrorOfLastPrediction()
    {
        ModelConfig config = TestModels.Config(CellKind.Slim1, HeadKind.NextStep, inputSize: 3, hiddenSize: 4, steps: 2);
        SequenceModel<double> model = SequenceModel.Create<double>(config, seed: 6);
        double[] inputs = TestModels.RandomInputs<double>(new Random(2), 1, 2, 3);
        SequenceWorkspace<double> workspace = model.CreateWorkspace();
        var scores = new double[1];

        model.Score(new SequenceBatch<double>(inputs, 1, 2), workspace, scores);

        // With two steps there is exactly one prediction, so the loss and the score coincide.
        Assert.Equal(model.Loss(new SequenceBatch<double>(inputs, 1, 2), workspace, computeGradients: false), scores[0], 12);
    }

    [Fact]
    public void Loss_InputLengthMismatch_ThrowsNamingShapes()
    {
        SequenceModel<float> model = SequenceModel.Create<float>(TestModels.Config(CellKind.Lstm, HeadKind.Sigmoid), seed: 1);

        ArgumentException error = Assert.Throws<ArgumentException>(() => model.Loss(new SequenceBatch<float>(new float[10], 1, 4, [0]), model.CreateWorkspace(), false));

        Assert.Contains("1 sequences × 4 steps × 3 features need 12", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loss_SoftmaxLabelOutOfRange_Throws()
    {
        SequenceModel<float> model = SequenceModel.Create<float>(TestModels.Config(CellKind.Lstm, HeadKind.Softmax, classes: 3, steps: 1), seed: 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => model.Loss(new SequenceBatch<float>(new float[3], 1, 1, [3]), model.CreateWorkspace(), false));
    }

    [Fact]
    public void Create_SameSeed_SameParameters()
    {
        ModelConfig config = TestModels.Config(CellKind.Slim3, HeadKind.Softmax);

        Assert.Equal(SequenceModel.Create<float>(config, 8).Parameters, SequenceModel.Create<float>(config, 8).Parameters);
        Assert.NotEqual(SequenceModel.Create<float>(config, 8).Parameters, SequenceModel.Create<float>(config, 9).Parameters);
    }

    [Theory]
    [MemberData(nameof(EveryCellAndHead))]
    public void Loss_IdentityRounding_CalledPerStepAndSameBitsAsNone(CellKind cell, HeadKind head)
    {
        ModelConfig config = TestModels.Config(cell, head, steps: 5);
        SequenceModel<float> model = SequenceModel.Create<float>(config, seed: 1);
        var random = new Random(6);
        float[] inputs = TestModels.RandomInputs<float>(random, 3, 5, config.InputSize);
        var batch = new SequenceBatch<float>(inputs, 3, 5, TestModels.RandomLabels(random, 3, head, config.OutputSize));
        SequenceWorkspace<float> workspace = model.CreateWorkspace();
        float plainLoss = model.Loss(batch, workspace, computeGradients: true);
        float[] plainGradients = (float[])workspace.Gradients.Clone();
        var counting = new CountingRounding();

        model.Rounding = counting;
        float roundedLoss = model.Loss(batch, workspace, computeGradients: true);

        Assert.Equal(plainLoss, roundedLoss);
        Assert.Equal(plainGradients, workspace.Gradients);
        Assert.Equal(3 * 5, counting.Activations);
        Assert.Equal(2 * 5, counting.Gradients);
    }

    [Fact]
    public void Loss_Fp8Rounding_StatesLieOnScaledE4M3Grid()
    {
        ModelConfig config = TestModels.Config(CellKind.Lstm, HeadKind.Sigmoid, inputSize: 4, hiddenSize: 8, steps: 6);
        SequenceModel<float> model = SequenceModel.Create<float>(config, seed: 2);
        var random = new Random(7);
        var batch = new SequenceBatch<float>(TestModels.RandomInputs<float>(random, 4, 6, 4), 4, 6, TestModels.RandomLabels(random, 4, HeadKind.Sigmoid, 1));
        SequenceWorkspace<float> workspace = model.CreateWorkspace();
        float plainLoss = model.Loss(batch, workspace, computeGradients: false);

        model.Rounding = EdgeLstm.Model.LowPrecision.Fp8Rounding.Instance;
        float roundedLoss = model.Loss(batch, workspace, computeGradients: true);

        Assert.NotEqual(plainLoss, roundedLoss);
        Assert.Equal(plainLoss, roundedLoss, 1);
        for (int t = 1; t <= 6; t++)
        {
            float[] hidden = workspace.HiddenStateAt(t).ToArray();
            int k = EdgeLstm.Model.LowPrecision.Fp8Format.E4M3.ChooseScaleExponent(hidden.Max(Math.Abs));
            Assert.All(hidden, h => Assert.Equal(MathF.ScaleB(h, k), EdgeLstm.Model.LowPrecision.Fp8Format.E4M3.Round(MathF.ScaleB(h, k))));
        }
    }

    private sealed class CountingRounding : ISequenceRounding<float>
    {
        public int Activations { get; private set; }

        public int Gradients { get; private set; }

        public void RoundActivations(Span<float> values) => Activations++;

        public void RoundGradients(Span<float> values) => Gradients++;
    }
}
