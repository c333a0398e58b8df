using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Tests.Data;

public sealed class SequenceBuilderTests
{
    // Row r's inputs are [r, 10 r], so a window's inputs show which rows it holds, in which order.
    private static float[] RowIds(int rows) => [.. Enumerable.Range(0, rows).SelectMany(r => new[] { (float)r, 10f * r })];

    private static int[] RowsOf(SequenceSet set, int window) =>
        [.. Enumerable.Range(0, set.Steps).Select(t => (int)set.Inputs[((window * set.Steps) + t) * set.InputSize])];

    private static (RecordTable Table, int[] Labels) Features()
    {
        RecordTable table = FeatureCsvReader.Read(DataTestFiles.Fixture("features.csv"));
        return (table, ClassMap.Binary("benign").Encode(table));
    }

    [Fact]
    public void Build_EntityAndTime_GroupsByEntityAndOrdersByTime()
    {
        (RecordTable table, int[] labels) = Features();

        SequenceSet set = SequenceBuilder.Build(table, RowIds(6), 2, labels, ["benign", "attack"], new SequenceOptions { Steps = 2 });

        Assert.Equal(4, set.Count);
        Assert.Equal([3, 0], RowsOf(set, 0));
        Assert.Equal([0, 5], RowsOf(set, 1));
        Assert.Equal([2, 4], RowsOf(set, 2));
        Assert.Equal([4, 1], RowsOf(set, 3));
        Assert.Equal(40f, set.Inputs[(2 * 2 * 2) + (1 * 2) + 1]);
    }

    [Fact]
    public void Build_LastRecordRule_LabelsEachWindowByItsLastRecord()
    {
        (RecordTable table, int[] labels) = Features();

        SequenceSet set = SequenceBuilder.Build(table, RowIds(6), 2, labels, ["benign", "attack"], new SequenceOptions { Steps = 2 });

        Assert.Equal([0, 0, 1, 0], set.Labels);
        Assert.Equal([true, true, false, false], set.AllBenign);
    }

    [Fact]
    public void Build_AnyAttackRule_LabelsAWindowWithAnAttackAsAttack()
    {
        (RecordTable table, int[] labels) = Features();

        SequenceSet set = SequenceBuilder.Build(table, RowIds(6), 2, labels, ["benign", "attack"], new SequenceOptions { Steps = 2, LabelRule = WindowLabelRule.AnyAttack });

        Assert.Equal([0, 0, 1, 1], set.Labels);
    }

    [Fact]
    public void Build_AnyAttackRuleMultiClass_TakesTheLastAttackInTheWindow()
    {
        using var files = new DataTestFiles();
        RecordTable table = CsvTableReader.Read(files.Write("t.csv", "x,label\n0,a\n1,b\n2,n\n"), new CsvTableOptions());
        ClassMap map = ClassMap.Named(["n", "a", "b"]);

        SequenceSet set = SequenceBuilder.Build(table, RowIds(3), 2, map.Encode(table), map.ClassNames, new SequenceOptions { Steps = 3, LabelRule = WindowLabelRule.AnyAttack });

        Assert.Equal([2], set.Labels);
    }

    [Fact]
    public void Build_EqualTimes_KeepFileOrder()
    {
        using var files = new DataTestFiles();
        RecordTable table = FeatureCsvReader.Read(files.Write("f.csv", "entity,window_start,a\nh,5,0\nh,1,1\nh,5,2\nh,5,3\n"));

        SequenceSet set = SequenceBuilder.Build(table, RowIds(4), 2, null, ["benign"], new SequenceOptions { Steps = 4 });

        Assert.Equal([1, 0, 2, 3], RowsOf(set, 0));
    }

    [Fact]
    public void Build_Stride_SkipsWindowStarts()
    {
        (RecordTable table, int[] labels) = Features();

        SequenceSet set = SequenceBuilder.Build(table, RowIds(6), 2, labels, ["benign", "attack"], new SequenceOptions { Steps = 1, Stride = 2 });

        Assert.Equal([[3], [5], [2], [1]], Enumerable.Range(0, set.Count).Select(w => RowsOf(set, w)));
    }

    [Fact]
    public void Build_OrderAndGroupingOff_UsesFileOrder()
    {
        (RecordTable table, int[] labels) = Features();

        SequenceSet set = SequenceBuilder.Build(table, RowIds(6), 2, labels, ["benign", "attack"], new SequenceOptions { Steps = 6, OrderByTime = false, GroupByEntity = false });

        Assert.Equal([0, 1, 2, 3, 4, 5], RowsOf(set, 0));
    }

    [Fact]
    public void Build_GroupShorterThanTheWindow_GivesNoWindow()
    {
        (RecordTable table, int[] labels) = Features();

        SequenceSet set = SequenceBuilder.Build(table, RowIds(6), 2, labels, ["benign", "attack"], new SequenceOptions { Steps = 4 });

        Assert.Equal(0, set.Count);
        Assert.Empty(set.Inputs);
    }

    [Fact]
    public void Build_RecordDatasetWithoutTime_UsesFileOrderAndNeverCrossesFiles()
    {
        using var files = new DataTestFiles();
        string a = files.Write("a.csv", "x,label\n0,0\n1,0\n2,1\n");
        string b = files.Write("b.csv", "x,label\n3,0\n4,1\n");
        RecordTable table = CsvTableReader.Read([a, b], new CsvTableOptions());

        SequenceSet set = SequenceBuilder.Build(table, RowIds(5), 2, ClassMap.Binary("0").Encode(table), ["0", "attack"], new SequenceOptions { Steps = 2 });

        Assert.Equal([[0, 1], [1, 2], [3, 4]], Enumerable.Range(0, set.Count).Select(w => RowsOf(set, w)));
        Assert.Equal([0, 1, 1], set.Labels);
    }

    [Fact]
    public void Build_NoLabels_AllWindowsAreBenign()
    {
        using var files = new DataTestFiles();
        RecordTable table = FeatureCsvReader.Read(files.Write("f.csv", "entity,window_start,a\nh,0,1\nh,1,2\nh,2,3\n"));

        SequenceSet set = SequenceBuilder.Build(table, RowIds(3), 2, null, ["benign"], new SequenceOptions { Steps = 2 });

        Assert.Equal([0, 0], set.Labels);
        Assert.All(set.AllBenign, Assert.True);
    }

    [Fact]
    public void Build_InputsOfTheWrongLength_Throws()
    {
        (RecordTable table, int[] labels) = Features();

        Assert.Throws<ArgumentException>(() => SequenceBuilder.Build(table, new float[11], 2, labels, ["benign", "attack"], new SequenceOptions()));
    }

    [Fact]
    public void Build_NslKddFixtureThroughPreprocessor_GivesModelReadyArrays()
    {
        RecordTable table = NslKddReader.Read(DataTestFiles.Fixture("nsl-kdd-train.txt"), DataTestFiles.Fixture("nsl-kdd-columns.txt"));
        Preprocessor preprocessor = Preprocessor.Fit(table);
        ClassMap map = ClassMap.Named(NslKddAttacks.ClassNames);

        SequenceSet set = SequenceBuilder.Build(table, preprocessor.Transform(table), preprocessor.FeatureCount, map.Encode(table), map.ClassNames, new SequenceOptions { Steps = 1 });

        Assert.Equal(8, set.Count);
        Assert.Equal(8 * preprocessor.FeatureCount, set.Inputs.Length);
        Assert.Equal([3, 2, 1, 1, 1], set.CountClasses());
        Assert.Equal(8, set.AsBatch().Count);
    }
}
