using EdgeLstm.Model;
using EdgeLstm.Trainer.Sparse;
using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Trainer.Tests.Sparse;

public sealed class SparseEvolutionTests
{
    public static TheoryData<CellKind> Cells => new(Enum.GetValues<CellKind>());

    private static SequenceModel<float> Model(CellKind cell, int m = 6, int n = 10) =>
        SequenceModel.Create<float>(new ModelConfig { Cell = cell, InputSize = m, HiddenSize = n, SequenceLength = 4 }, seed: 1);

    [Theory]
    [MemberData(nameof(Cells))]
    public void Start_TargetDensity_KeepsExactCountAndZeroesTheRest(CellKind cell)
    {
        SequenceModel<float> model = Model(cell);
        float[] initial = (float[])model.Parameters.Clone();
        var set = new SparseEvolution(model, new SparseOptions { Density = 0.2 }, seed: 3);

        set.Start(model.Parameters);

        Assert.Equal(model.Tensors.Count(t => t.Name is "cell.weight_ih" or "cell.weight_hh"), set.Masks.Count);
        foreach (SparseMask mask in set.Masks)
        {
            Assert.Equal((int)Math.Round(0.2 * mask.Tensor.Length), mask.ActiveCount);
            for (int i = 0; i < mask.Tensor.Length; i++)
            {
                float expected = mask.IsActive(i) ? initial[mask.Tensor.Offset + i] : 0f;
                Assert.Equal(expected, model.Parameters[mask.Tensor.Offset + i]);
            }
        }

        // Everything outside the masks (biases, peepholes, head) is untouched.
        var masked = set.Masks.SelectMany(k => Enumerable.Range(k.Tensor.Offset, k.Tensor.Length)).ToHashSet();
        Assert.All(Enumerable.Range(0, initial.Length).Where(i => !masked.Contains(i)), i => Assert.Equal(initial[i], model.Parameters[i]));
    }

    [Theory]
    [InlineData(1.0, 20, 6)]
    [InlineData(2.0, 40, 10)]
    [InlineData(100.0, 40, 10)]
    public void Start_Epsilon_UsesErdosRenyiDensity(double epsilon, int m, int n)
    {
        SequenceModel<float> model = Model(CellKind.Lstm, m, n);
        var set = new SparseEvolution(model, new SparseOptions { Epsilon = epsilon }, seed: 3);

        set.Start(model.Parameters);

        foreach (SparseMask mask in set.Masks)
        {
            int rows = mask.Tensor.Shape[0];
            int columns = mask.Tensor.Shape[1];
            double density = Math.Min(1, epsilon * (rows + columns) / (rows * columns));
            Assert.Equal(Math.Max(1, (int)Math.Round(density * rows * columns)), mask.ActiveCount);
        }
    }

    [Fact]
    public void AfterEpoch_SeededWeights_PrunesZetaClosestToZeroOfEachSignAndRegrowsOnEmptyPositions()
    {
        SequenceModel<float> model = Model(CellKind.Lite, 12, 16);
        var set = new SparseEvolution(model, new SparseOptions { Density = 0.25, Zeta = 0.3 }, seed: 4);
        var optimizer = new AdamOptimizer(model.Parameters.Length);
        set.Start(model.Parameters);
        var random = new Random(9);
        for (int epoch = 1; epoch <= 6; epoch++)
        {
            // Stand in for an epoch of training: move every connected weight and give every parameter moments.
            var gradient = new float[model.Parameters.Length];
            for (int i = 0; i < gradient.Length; i++)
            {
                gradient[i] = (float)(random.NextDouble() - 0.5);
            }

            set.BeforeStep(model.Parameters, gradient);
            optimizer.Step(model.Parameters, gradient);
            set.AfterStep(model.Parameters, optimizer);
            var before = set.Masks.Select(k => Enumerable.Range(0, k.Tensor.Length).Where(k.IsActive).ToHashSet()).ToArray();
            float[] weights = (float[])model.Parameters.Clone();

            set.AfterEpoch(model.Parameters, optimizer, epoch);

            for (int k = 0; k < set.Masks.Count; k++)
            {
                SparseMask mask = set.Masks[k];
                int offset = mask.Tensor.Offset;
                float[] positives = [.. before[k].Select(i => weights[offset + i]).Where(w => w > 0).Order()];
                float[] negatives = [.. before[k].Select(i => weights[offset + i]).Where(w => w < 0).OrderDescending()];
                int prunePositive = (int)(0.3 * positives.Length);
                int pruneNegative = (int)(0.3 * negatives.Length);

                Assert.Equal(mask.TargetCount, mask.ActiveCount);
                Assert.Equal(prunePositive + pruneNegative, mask.LastPruned.Count);
                Assert.Equal(mask.LastPruned.Count, mask.LastRegrown.Count);
                Assert.Equal(prunePositive, mask.LastPruned.Count(i => weights[offset + i] > 0));
                Assert.All(mask.LastPruned.Where(i => weights[offset + i] > 0), i => Assert.True(weights[offset + i] <= positives[prunePositive - 1]));
                Assert.All(mask.LastPruned.Where(i => weights[offset + i] < 0), i => Assert.True(weights[offset + i] >= negatives[pruneNegative - 1]));
                Assert.All(mask.LastPruned, i =>
                {
                    Assert.False(mask.IsActive(i));
                    Assert.Equal(0f, model.Parameters[offset + i]);
                    Assert.Equal(0f, optimizer.FirstMomentAt(offset + i));
                    Assert.Equal(0f, optimizer.SecondMomentAt(offset + i));
                });
                Assert.All(mask.LastRegrown, i =>
                {
                    Assert.DoesNotContain(i, before[k]);
                    Assert.True(mask.IsActive(i));
                    Assert.Equal(0f, model.Parameters[offset + i]);
                });
                Assert.All(Enumerable.Range(0, mask.Tensor.Length).Where(i => !mask.IsActive(i)), i => Assert.Equal(0f, model.Parameters[offset + i]));
            }
        }
    }

    [Fact]
    public void BeforeStep_Gradient_ZeroedAtDisconnectedWeightsOnly()
    {
        SequenceModel<float> model = Model(CellKind.Slim1);
        var set = new SparseEvolution(model, new SparseOptions { Density = 0.1 }, seed: 2);
        set.Start(model.Parameters);
        float[] gradient = [.. Enumerable.Repeat(1f, model.Parameters.Length)];

        set.BeforeStep(model.Parameters, gradient);

        int connected = set.Masks.Sum(k => k.ActiveCount);
        int dense = model.Parameters.Length - set.Masks.Sum(k => k.Tensor.Length);
        Assert.Equal(connected + dense, gradient.Count(g => g == 1f));
    }

    [Fact]
    public void Constructor_DensityAndEpsilon_ThrowsNamingBoth()
    {
        UsageException error = Assert.Throws<UsageException>(() => new SparseEvolution(Model(CellKind.Lstm), new SparseOptions { Density = 0.1, Epsilon = 2 }, 1));

        Assert.Contains("--density", error.Message, StringComparison.Ordinal);
        Assert.Contains("--epsilon", error.Message, StringComparison.Ordinal);
    }
}
