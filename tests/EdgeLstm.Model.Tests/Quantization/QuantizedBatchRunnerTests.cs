using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Model.Tests.Quantization;

[Trait("Category", "Kernels")]
public sealed class QuantizedBatchRunnerTests
{
    public static TheoryData<string, string> KindsAndFormats => CellTestData.KindsAndFormats();

    [Theory]
    [MemberData(nameof(KindsAndFormats))]
    public void Step_SevenEntities_EqualsOneRunnerPerEntity(string kindName, string formatName)
    {
        QuantizedCell cell = CellTestData.Create(CellTestData.ParseKind(kindName), CellTestData.ParseFormat(formatName), 11, 18, seed: 6).Cell;
        const int Entities = 7;
        var batched = new QuantizedBatchRunner(cell, capacity: 10);
        QuantizedCellRunner[] single = [.. Enumerable.Range(0, Entities).Select(_ => new QuantizedCellRunner(cell))];
        var random = new Random(6);
        for (int step = 0; step < 12; step++)
        {
            sbyte[] inputs = CellTestData.RandomInput(random, Entities * 11);
            batched.Step(inputs, Entities);
            for (int e = 0; e < Entities; e++)
            {
                single[e].Step(inputs.AsSpan(e * 11, 11));
                Assert.Equal(single[e].Hidden.ToArray(), batched.Hidden(e).ToArray());
                Assert.Equal(single[e].CellState.ToArray(), batched.CellState(e).ToArray());
            }
        }
    }

    [Fact]
    public void Step_FewerEntitiesThanCapacity_LeavesTheOthersUntouched()
    {
        QuantizedCell cell = CellTestData.Create(CellKind.Lstm, WeightFormat.Int8, 5, 8, seed: 2).Cell;
        var runner = new QuantizedBatchRunner(cell, capacity: 4);

        runner.Step(CellTestData.RandomInput(new Random(2), 2 * 5), 2);

        Assert.Contains(runner.Hidden(0).ToArray(), h => h != 0);
        Assert.All(runner.Hidden(2).ToArray(), h => Assert.Equal(0, h));
        Assert.All(runner.CellState(3).ToArray(), c => Assert.Equal(0, c));
    }

    [Fact]
    public void Step_SteadyState_AllocatesNothing()
    {
        QuantizedCell cell = CellTestData.Create(CellKind.Lstm, WeightFormat.Int8, 32, 64, seed: 2).Cell;
        var runner = new QuantizedBatchRunner(cell, capacity: 64);
        sbyte[] inputs = CellTestData.RandomInput(new Random(2), 64 * 32);
        Assert.Equal(0, SteadyStateAllocations.Measure(() => runner.Step(inputs, 64), warmUpCalls: 20, calls: 20));
    }

    [Fact]
    public void Step_BatchAboveCapacity_Throws()
    {
        var runner = new QuantizedBatchRunner(CellTestData.Create(CellKind.Lstm, WeightFormat.Int8, 3, 4, seed: 1).Cell, capacity: 2);

        Assert.Throws<ArgumentOutOfRangeException>(() => runner.Step(new sbyte[9], 3));
    }

    [Fact]
    public void Reset_OneEntity_ZeroesOnlyThatEntity()
    {
        var runner = new QuantizedBatchRunner(CellTestData.Create(CellKind.Lstm, WeightFormat.Int8, 3, 4, seed: 1).Cell, capacity: 2);
        runner.Step([100, -50, 20, 90, -128, 127], 2);

        runner.Reset(0);

        Assert.All(runner.Hidden(0).ToArray(), h => Assert.Equal(0, h));
        Assert.Contains(runner.Hidden(1).ToArray(), h => h != 0);
    }
}
