using EdgeLstm.Model;
using EdgeLstm.Model.Serialization;
using EdgeLstm.Trainer.Data;
using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Trainer.Tests.Training;

public sealed class ModelTrainerTests
{
    private static SequenceSet Synthetic(int count, int seed)
    {
        (float[] inputs, int[] labels) = SyntheticTask.Generate(count, steps: 10, features: 3, seed);
        return new SequenceSet(inputs, labels, labels.Select(l => l == 0).ToArray(), 10, 3, ["benign", "burst"]);
    }

    private static ModelConfig Config(CellKind cell, HeadKind head = HeadKind.Sigmoid) => new()
    {
        Cell = cell,
        InputSize = 3,
        HiddenSize = 8,
        Head = head,
        OutputSize = head == HeadKind.NextStep ? 3 : 1,
        SequenceLength = 10,
    };

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Lite)]
    [InlineData(CellKind.Slim1)]
    [InlineData(CellKind.Slim2)]
    [InlineData(CellKind.Slim3)]
    public void Train_LearnableTask_ValidationLossBelowBoundAndAucAboveNinety(CellKind cell)
    {
        SequenceModel<float> model = SequenceModel.Create<float>(Config(cell), seed: 1);
        var trainer = new ModelTrainer(model, new TrainingOptions { Epochs = 15, BatchSize = 32, LearningRate = 0.01f, Threads = 2 });

        TrainingResult result = trainer.Train(Synthetic(512, 1), Synthetic(256, 2), progress: null, CancellationToken.None);

        // Chance is ln 2 ≈ 0.693 for a balanced binary task; a model that learned the burst is far below.
        EpochReport best = result.History[result.BestEpoch - 1];
        Assert.InRange(best.ValidationLoss, 0, 0.25);
        Assert.InRange(best.ValidationAuc, 0.9, 1.0);
        Assert.True(result.History[0].TrainLoss > best.TrainLoss, "training did not reduce the loss");
    }

    [Fact]
    public void Train_SameSeedAndThreads_SameModelBytes()
    {
        byte[] Run()
        {
            SequenceModel<float> model = SequenceModel.Create<float>(Config(CellKind.Lite), seed: 3);
            new ModelTrainer(model, new TrainingOptions { Epochs = 3, BatchSize = 16, Threads = 2, Seed = 5 })
                .Train(Synthetic(128, 1), Synthetic(64, 2), null, CancellationToken.None);
            return ModelFile.ToBytes(model);
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Train_DifferentThreadCounts_SameLossToRounding()
    {
        float[] Run(int threads)
        {
            SequenceModel<float> model = SequenceModel.Create<float>(Config(CellKind.Lstm), seed: 3);
            new ModelTrainer(model, new TrainingOptions { Epochs = 1, BatchSize = 16, Threads = threads, Seed = 5 })
                .Train(Synthetic(64, 1), Synthetic(32, 2), null, CancellationToken.None);
            return model.Parameters;
        }

        float[] single = Run(1);
        float[] quad = Run(4);
        for (int i = 0; i < single.Length; i++)
        {
            Assert.Equal(single[i], quad[i], 3);
        }
    }

    [Fact]
    public void Train_NextStepOnBenignOnly_ReducesPredictionError()
    {
        SequenceSet benign = Synthetic(512, 1).BenignOnly();
        SequenceModel<float> model = SequenceModel.Create<float>(Config(CellKind.Lstm, HeadKind.NextStep), seed: 1);
        var trainer = new ModelTrainer(model, new TrainingOptions { Epochs = 4, BatchSize = 32, Threads = 2 });

        TrainingResult result = trainer.Train(benign, Synthetic(128, 2).BenignOnly(), null, CancellationToken.None);

        Assert.True(result.History[^1].ValidationLoss < result.History[0].ValidationLoss + 1e-6);
        Assert.True(double.IsNaN(result.History[0].ValidationAuc));
    }

    [Fact]
    public void Train_CancelledBeforeStart_KeepsInitialParameters()
    {
        SequenceModel<float> model = SequenceModel.Create<float>(Config(CellKind.Lstm), seed: 1);
        float[] initial = (float[])model.Parameters.Clone();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        TrainingResult result = new ModelTrainer(model, new TrainingOptions { Epochs = 3 }).Train(Synthetic(64, 1), Synthetic(32, 2), null, cancel.Token);

        Assert.True(result.Cancelled);
        Assert.Empty(result.History);
        Assert.Equal(initial, model.Parameters);
    }

    [Fact]
    public void Train_ValidationNeverImproves_StopsAfterPatienceAndKeepsBestEpoch()
    {
        SequenceModel<float> model = SequenceModel.Create<float>(Config(CellKind.Lstm), seed: 1);

        // A huge learning rate makes the loss bounce; with patience 1 training must stop early and restore the best epoch.
        TrainingResult result = new ModelTrainer(model, new TrainingOptions { Epochs = 30, Patience = 1, LearningRate = 0.5f, BatchSize = 8 })
            .Train(Synthetic(64, 1), Synthetic(32, 2), null, CancellationToken.None);

        Assert.True(result.StoppedEarly);
        Assert.True(result.History.Count < 30);
        double bestLoss = result.History.Min(r => r.ValidationLoss);
        Assert.Equal(bestLoss, result.History[result.BestEpoch - 1].ValidationLoss);
    }

    [Fact]
    public void Train_FeatureCountMismatch_ThrowsNamingCounts()
    {
        SequenceModel<float> model = SequenceModel.Create<float>(Config(CellKind.Lstm), seed: 1);
        var wrong = new SequenceSet(new float[40], [0, 1], [true, false], 10, 2, ["benign", "attack"]);

        ArgumentException error = Assert.Throws<ArgumentException>(() => new ModelTrainer(model, new TrainingOptions()).Train(wrong, wrong, null, CancellationToken.None));

        Assert.Contains("2 features but the model reads 3", error.Message, StringComparison.Ordinal);
    }
}
