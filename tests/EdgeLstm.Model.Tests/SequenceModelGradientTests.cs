using EdgeLstm.Model;
using Xunit.Abstractions;

namespace EdgeLstm.Model.Tests;

/// <summary>Checks the exact backward pass of every cell and head against central finite differences in double precision.</summary>
/// <remarks>
/// With step h = 1e-5 on a loss of order 1, the central difference has truncation error O(h²) ≈ 1e-10 and
/// round-off ε·L/h ≈ 1e-11, so an entry passes when |analytic − numeric| ≤ 1e-6 · max(|analytic|, |numeric|) + 1e-9.
/// The absolute 1e-9 floor only matters for gradients below 1e-3, where round-off dominates the relative error.
/// </remarks>
public sealed class SequenceModelGradientTests(ITestOutputHelper output)
{
    private const double Step = 1e-5;
    private const double RelativeBound = 1e-6;
    private const double AbsoluteFloor = 1e-9;

    public static TheoryData<CellKind, HeadKind, bool, bool> Cases()
    {
        var data = new TheoryData<CellKind, HeadKind, bool, bool>();
        foreach (CellKind cell in TestModels.AllCells)
        {
            foreach (HeadKind head in TestModels.AllHeads)
            {
                data.Add(cell, head, true, false);
                data.Add(cell, head, true, true);
            }
        }

        data.Add(CellKind.Lite, HeadKind.Sigmoid, false, false);
        data.Add(CellKind.Lite, HeadKind.NextStep, false, true);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Loss_Gradients_MatchCentralDifferences(CellKind cell, HeadKind head, bool peephole, bool weighted)
    {
        var random = new Random(HashCode.Combine(cell, head, peephole, weighted) & 0x7fff);
        ModelConfig config = TestModels.Config(cell, head, inputSize: 3, hiddenSize: 5, peephole: peephole, classes: 3, steps: 4);
        SequenceModel<double> model = SequenceModel.Create<double>(config, seed: 7);
        const int count = 3;
        double[] inputs = TestModels.RandomInputs<double>(random, count, config.SequenceLength, config.InputSize, scale: 1.5);
        int[] labels = TestModels.RandomLabels(random, count, head, config.OutputSize);
        double[] weights = weighted ? [0.5, 2.0, 1.25] : [];
        var batch = new SequenceBatch<double>(inputs, count, config.SequenceLength, labels, weights);
        SequenceWorkspace<double> workspace = model.CreateWorkspace();

        model.Loss(batch, workspace, computeGradients: true);
        double[] analytic = (double[])workspace.Gradients.Clone();

        var failures = new List<string>();
        double worst = 0;
        foreach (TensorSpec tensor in model.Tensors)
        {
            for (int i = tensor.Offset; i < tensor.Offset + tensor.Length; i++)
            {
                double saved = model.Parameters[i];
                model.Parameters[i] = saved + Step;
                double plus = model.Loss(batch, workspace, computeGradients: false);
                model.Parameters[i] = saved - Step;
                double minus = model.Loss(batch, workspace, computeGradients: false);
                model.Parameters[i] = saved;
                double numeric = (plus - minus) / (2 * Step);
                double error = Math.Abs(analytic[i] - numeric);
                double scale = Math.Max(Math.Abs(analytic[i]), Math.Abs(numeric));
                if (scale > 1e-3)
                {
                    worst = Math.Max(worst, error / scale);
                }

                if (error > (RelativeBound * scale) + AbsoluteFloor)
                {
                    failures.Add($"{tensor.Name}[{i - tensor.Offset}]: analytic {analytic[i]:G10}, numeric {numeric:G10}");
                }
            }
        }

        output.WriteLine($"{cell}/{head} peephole={peephole} weighted={weighted}: largest relative error {worst:E2} over gradients above 1e-3");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(10)));
        Assert.True(analytic.Any(g => Math.Abs(g) > 1e-3), "every gradient is zero: the check would prove nothing");
        Assert.InRange(worst, 0, RelativeBound);
    }
}
