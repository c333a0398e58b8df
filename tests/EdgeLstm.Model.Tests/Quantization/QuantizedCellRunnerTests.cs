using EdgeLstm.Model.Quantization;
using Xunit.Abstractions;

namespace EdgeLstm.Model.Tests.Quantization;

[Trait("Category", "Kernels")]
public sealed class QuantizedCellRunnerTests(ITestOutputHelper output)
{
    // One step from the same state, against double math on the dequantised weights (the measured maxima are printed:
    // |Δh| ≤ 0.00414 and |Δc| ≤ 0.00062 over every kind and format). h: the final rounding to 1/128 alone costs up to
    // 1/256 = 0.0039; gate and LUT errors add a few 1e-4. c: two roundings to 2^-11 (k = 11) plus gate errors times
    // |c| + |g| ≤ 3. Pre-activations stay inside Q3.12's ±8 here; beyond it each term saturates, as in TFLite.
    private const double HiddenStepBound = 0.0045;
    private const double CellStepBound = 0.0008;

    // Fifty steps, each side from its own state, so errors are fed back through U and the forget gate (measured
    // 0.0112 for lite, 0.0046 to 0.0067 for the others); TFLite Micro's own int8 LSTM tests accept 1e-2 per step.
    private const double HiddenSequenceBound = 0.015;

    public static TheoryData<string, string> KindsAndFormats => CellTestData.KindsAndFormats();

    public static TheoryData<string> Kinds => CellTestData.Kinds();

    [Theory]
    [MemberData(nameof(KindsAndFormats))]
    public void Step_RandomStates_TracksDoubleReferenceStep(string kindName, string formatName)
    {
        CellKind kind = CellTestData.ParseKind(kindName);
        WeightFormat format = CellTestData.ParseFormat(formatName);
        CellTestData data = CellTestData.Create(kind, format, inputSize: 13, hiddenSize: 21, seed: 100 + (int)kind);
        var runner = new QuantizedCellRunner(data.Cell);
        var random = new Random(7);
        double hiddenError = 0;
        double cellError = 0;
        for (int trial = 0; trial < 40; trial++)
        {
            sbyte[] hidden = CellTestData.RandomInput(random, 21);
            short[] cellState = CellTestData.RandomCellState(random, 21);
            sbyte[] input = CellTestData.RandomInput(random, 13);
            runner.SetState(hidden, cellState);
            (double[] expectedHidden, double[] expectedCell) = data.ReferenceStep(input, CellTestData.RealHidden(hidden), CellTestData.RealCell(cellState));

            runner.Step(input);

            hiddenError = Math.Max(hiddenError, MaxDifference(CellTestData.RealHidden(runner.Hidden), expectedHidden));
            cellError = Math.Max(cellError, MaxDifference(CellTestData.RealCell(runner.CellState), expectedCell));
        }

        output.WriteLine($"{kind} {format}: max |Δh| {hiddenError:F5}, max |Δc| {cellError:F5}");
        Assert.InRange(hiddenError, 0, HiddenStepBound);
        Assert.InRange(cellError, 0, CellStepBound);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Step_FiftyStepSequence_TracksDoubleReference(string kindName)
    {
        CellKind kind = CellTestData.ParseKind(kindName);
        CellTestData data = CellTestData.Create(kind, WeightFormat.Int8, inputSize: 16, hiddenSize: 32, seed: 200 + (int)kind);
        var runner = new QuantizedCellRunner(data.Cell);
        var random = new Random(8);
        var hidden = new double[32];
        var cellState = new double[32];
        double hiddenError = 0;
        for (int step = 0; step < 50; step++)
        {
            sbyte[] input = CellTestData.RandomInput(random, 16);
            (hidden, cellState) = data.ReferenceStep(input, hidden, cellState);
            runner.Step(input);
            hiddenError = Math.Max(hiddenError, MaxDifference(CellTestData.RealHidden(runner.Hidden), hidden));
        }

        output.WriteLine($"{kind}: max |Δh| over 50 steps {hiddenError:F5}");
        Assert.InRange(hiddenError, 0, HiddenSequenceBound);
    }

    [Fact]
    public void Step_LiteWithoutPeephole_TracksDoubleReferenceStep()
    {
        CellTestData data = CellTestData.Create(CellKind.Lite, WeightFormat.Int8, 9, 17, seed: 5, peephole: false);
        var runner = new QuantizedCellRunner(data.Cell);
        var random = new Random(9);
        sbyte[] hidden = CellTestData.RandomInput(random, 17);
        short[] cellState = CellTestData.RandomCellState(random, 17);
        sbyte[] input = CellTestData.RandomInput(random, 9);
        runner.SetState(hidden, cellState);
        (double[] expectedHidden, _) = data.ReferenceStep(input, CellTestData.RealHidden(hidden), CellTestData.RealCell(cellState));

        runner.Step(input);

        Assert.Null(data.Cell.Peephole);
        Assert.InRange(MaxDifference(CellTestData.RealHidden(runner.Hidden), expectedHidden), 0, HiddenStepBound);
    }

    [Theory]
    [MemberData(nameof(KindsAndFormats))]
    public void Step_SteadyState_AllocatesNothing(string kindName, string formatName)
    {
        CellKind kind = CellTestData.ParseKind(kindName);
        WeightFormat format = CellTestData.ParseFormat(formatName);
        CellTestData data = CellTestData.Create(kind, format, inputSize: 32, hiddenSize: 64, seed: 3);
        var runner = new QuantizedCellRunner(data.Cell);
        sbyte[] input = CellTestData.RandomInput(new Random(3), 32);
        float[] features = [.. Enumerable.Range(0, 32).Select(i => i * 0.05f)];
        Assert.Equal(0, SteadyStateAllocations.Measure(() =>
        {
            runner.Step(input);
            runner.Step(features);
        }));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Step_SparseAndDenseFormats_IdenticalStates(string kindName)
    {
        CellKind kind = CellTestData.ParseKind(kindName);
        var dense = new QuantizedCellRunner(CellTestData.Create(kind, WeightFormat.Int8, 19, 23, seed: 4, sparse: true).Cell);
        var sparse = new QuantizedCellRunner(CellTestData.Create(kind, WeightFormat.SparseInt8, 19, 23, seed: 4, sparse: true).Cell);
        var random = new Random(4);
        for (int step = 0; step < 20; step++)
        {
            sbyte[] input = CellTestData.RandomInput(random, 19);
            dense.Step(input);
            sparse.Step(input);

            Assert.Equal(dense.Hidden.ToArray(), sparse.Hidden.ToArray());
            Assert.Equal(dense.CellState.ToArray(), sparse.CellState.ToArray());
        }
    }

    [Fact]
    public void Step_WrongInputLength_Throws()
    {
        var runner = new QuantizedCellRunner(CellTestData.Create(CellKind.Lstm, WeightFormat.Int8, 4, 8, seed: 1).Cell);

        Assert.Throws<ArgumentException>(() => runner.Step(new sbyte[5]));
    }

    [Fact]
    public void Reset_AfterSteps_ZeroesTheState()
    {
        var runner = new QuantizedCellRunner(CellTestData.Create(CellKind.Lstm, WeightFormat.Int8, 4, 8, seed: 1).Cell);
        runner.Step([100, -100, 50, 127]);
        Assert.Contains(runner.Hidden.ToArray(), h => h != 0);

        runner.Reset();

        Assert.All(runner.Hidden.ToArray(), h => Assert.Equal(0, h));
        Assert.All(runner.CellState.ToArray(), c => Assert.Equal(0, c));
    }

    private static double MaxDifference(double[] a, double[] b)
    {
        double max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }
}
