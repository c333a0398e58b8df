using EdgeLstm.Model.Scoring;
using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Tests.Data;

public sealed class SequenceBuilderTests
{
    // Silence is marked -1, so a window's inputs show which rows it holds (row r's inputs are [r, 10 r]), in which
    // order, and where it is silent.
    private static readonly float[] s_silence = [-1, -1];

    private static float[] RowIds(int rows) => [.. Enumerable.Range(0, rows).SelectMany(r => new[] { (float)r, 10f * r })];

    private static int[] RowsOf(SequenceSet set, int window) =>
        [.. Enumerable.Range(0, set.Steps).Select(t => (int)set.Inputs[((window * set.Steps) + t) * set.InputSize])];

    private static int[][] AllRows(SequenceSet set) => [.. Enumerable.Range(0, set.Count).Select(w => RowsOf(set, w))];

    private static SequenceSet Build(RecordTable table, int rows, int[]? labels, IReadOnlyList<string> classes, SequenceOptions options) =>
        SequenceBuilder.Build(table, RowIds(rows), 2, labels, classes, options, s_silence);

    private static (RecordTable Table, int[] Labels) Features()
    {
        RecordTable table = FeatureCsvReader.Read(DataTestFiles.Fixture("features.csv"));
        return (table, ClassMap.Binary("benign").Encode(table));
    }

    [Fact]
    public void Build_EntityAndTime_OneSequencePerRecordGroupedByEntityOrderedByTimeFirstPaddedWithSilence()
    {
        (RecordTable table, int[] labels) = Features();

        SequenceSet set = Build(table, 6, labels, ["benign", "attack"], new SequenceOptions { Steps = 2 });

        Assert.Equal([[-1, 3], [3, 0], [0, 5], [-1, 2], [2, 4], [4, 1]], AllRows(set));
        Assert.Equal(40f, set.Inputs[(4 * 2 * 2) + (1 * 2) + 1]);
        Assert.Equal([3, 0, 5, 2, 4, 1], set.EndRows);
        Assert.Equal([0, 0, 0, 1, 1, 1], set.Groups);
        Assert.Equal(1700000001, set.EndTimes[1]);
    }

    [Fact]
    public void Build_LastRecordRule_LabelsEachWindowByItsLastRecord()
    {
        (RecordTable table, int[] labels) = Features();

        SequenceSet set = Build(table, 6, labels, ["benign", "attack"], new SequenceOptions { Steps = 2 });

        Assert.Equal([0, 0, 0, 0, 1, 0], set.Labels);
        Assert.Equal([true, true, true, true, false, false], set.AllBenign);
    }

    [Fact]
    public void Build_AnyAttackRule_LabelsAWindowWithAnAttackAsAttack()
    {
        (RecordTable table, int[] labels) = Features();

        SequenceSet set = Build(table, 6, labels, ["benign", "attack"], new SequenceOptions { Steps = 2, LabelRule = WindowLabelRule.AnyAttack });

        Assert.Equal([0, 0, 0, 0, 1, 1], set.Labels);
    }

    [Fact]
    public void Build_AnyAttackRuleMultiClass_TakesTheLastAttackInTheWindow()
    {
        using var files = new DataTestFiles();
        RecordTable table = CsvTableReader.Read(files.Write("t.csv", "x,label\n0,a\n1,b\n2,n\n"), new CsvTableOptions());
        ClassMap map = ClassMap.Named(["n", "a", "b"]);

        SequenceSet set = Build(table, 3, map.Encode(table), map.ClassNames, new SequenceOptions { Steps = 3, LabelRule = WindowLabelRule.AnyAttack });

        Assert.Equal([1, 2, 2], set.Labels);
    }

    [Fact]
    public void Build_EqualTimes_KeepFileOrder()
    {
        using var files = new DataTestFiles();
        RecordTable table = FeatureCsvReader.Read(files.Write("f.csv", "entity,window_start,a\nh,5,0\nh,1,1\nh,5,2\nh,5,3\n"));

        SequenceSet set = Build(table, 4, null, ["benign"], new SequenceOptions { Steps = 4 });

        Assert.Equal([[-1, -1, -1, 1], [-1, -1, 1, 0], [-1, 1, 0, 2], [1, 0, 2, 3]], AllRows(set));
    }

    [Fact]
    public void Build_Stride_SkipsWindowStarts()
    {
        (RecordTable table, int[] labels) = Features();

        SequenceSet set = Build(table, 6, labels, ["benign", "attack"], new SequenceOptions { Steps = 1, Stride = 2 });

        Assert.Equal([[3], [5], [2], [1]], AllRows(set));
    }

    [Fact]
    public void Build_OrderAndGroupingOff_UsesFileOrder()
    {
        (RecordTable table, int[] labels) = Features();

        SequenceSet set = Build(table, 6, labels, ["benign", "attack"], new SequenceOptions { Steps = 6, OrderByTime = false, GroupByEntity = false });

        Assert.Equal(6, set.Count);
        Assert.Equal([0, 1, 2, 3, 4, 5], RowsOf(set, 5));
    }

    [Fact]
    public void Build_GroupShorterThanTheWindow_IsPaddedWithSilence()
    {
        (RecordTable table, int[] labels) = Features();

        SequenceSet set = Build(table, 6, labels, ["benign", "attack"], new SequenceOptions { Steps = 4 });

        Assert.Equal(6, set.Count);
        Assert.Equal([-1, -1, -1, 3], RowsOf(set, 0));
        Assert.Equal([-1, 3, 0, 5], RowsOf(set, 2));
    }

    [Fact]
    public void Build_WindowTimingWithAGap_FillsTheSilentWindowsWithSilence()
    {
        using var files = new DataTestFiles();
        RecordTable table = FeatureCsvReader.Read(files.Write("f.csv", "entity,window_start,a\nh,10,0\nh,11,1\nh,13,2\n"));

        SequenceSet set = Build(table, 3, null, ["benign"], new SequenceOptions { Steps = 3, Timing = SequenceTiming.Windows(1) });

        Assert.Equal([[-1, -1, 0], [-1, 0, 1], [1, -1, 2]], AllRows(set));
    }

    [Fact]
    public void Build_WindowTimingGapOfTWindows_StartsOverLikeANewHost()
    {
        using var files = new DataTestFiles();
        RecordTable table = FeatureCsvReader.Read(files.Write("f.csv", "entity,window_start,a,label\nh,10,0,scan\nh,11,1,benign\nh,14,2,benign\n"));

        SequenceSet set = Build(table, 3, ClassMap.Binary("benign").Encode(table), ["benign", "attack"],
            new SequenceOptions { Steps = 3, Timing = SequenceTiming.Windows(1), LabelRule = WindowLabelRule.AnyAttack });

        Assert.Equal([-1, -1, 2], RowsOf(set, 2));
        Assert.Equal([1, 1, 0], set.Labels);
        Assert.Equal([false, false, true], set.AllBenign);
    }

    [Fact]
    public void TimingOf_SchemaWithWindow_StepsByTheSchemasWindow()
    {
        using var files = new DataTestFiles();
        RecordTable table = FeatureCsvReader.Read(files.Write("f.csv", "#edgelstm-schema name=edgelstm.host-window version=1 window_seconds=5 features=1\nentity,window_start,a\nh,10,0\nh,20,2\n"));

        SequenceTiming timing = SequenceBuilder.TimingOf(table.Schema!);

        Assert.Equal(5, timing.StepSeconds);
        Assert.False(SequenceBuilder.TimingOf(new EdgeLstm.Features.Windows.FeatureSchema("nsl-kdd", 1, ["a"], TimeSpan.Zero)).IsWindowed);
    }

    [Fact]
    public void Build_RecordDatasetWithoutTime_UsesFileOrderAndNeverCrossesFiles()
    {
        using var files = new DataTestFiles();
        string a = files.Write("a.csv", "x,label\n0,0\n1,0\n2,1\n");
        string b = files.Write("b.csv", "x,label\n3,0\n4,1\n");
        RecordTable table = CsvTableReader.Read([a, b], new CsvTableOptions());

        SequenceSet set = Build(table, 5, ClassMap.Binary("0").Encode(table), ["0", "attack"], new SequenceOptions { Steps = 2 });

        Assert.Equal([[-1, 0], [0, 1], [1, 2], [-1, 3], [3, 4]], AllRows(set));
        Assert.Equal([0, 0, 1, 0, 1], set.Labels);
    }

    [Fact]
    public void Build_NoLabels_AllWindowsAreBenign()
    {
        using var files = new DataTestFiles();
        RecordTable table = FeatureCsvReader.Read(files.Write("f.csv", "entity,window_start,a\nh,0,1\nh,1,2\nh,2,3\n"));

        SequenceSet set = Build(table, 3, null, ["benign"], new SequenceOptions { Steps = 2 });

        Assert.Equal([0, 0, 0], set.Labels);
        Assert.All(set.AllBenign, Assert.True);
    }

    [Fact]
    public void Build_InputsOfTheWrongLength_Throws()
    {
        (RecordTable table, int[] labels) = Features();

        Assert.Throws<ArgumentException>(() => SequenceBuilder.Build(table, new float[11], 2, labels, ["benign", "attack"], new SequenceOptions(), s_silence));
    }

    [Fact]
    public void Build_NslKddFixtureThroughPreprocessor_GivesModelReadyArrays()
    {
        RecordTable table = NslKddReader.Read(DataTestFiles.Fixture("nsl-kdd-train.txt"), DataTestFiles.Fixture("nsl-kdd-columns.txt"));
        Preprocessor preprocessor = Preprocessor.Fit(table);
        ClassMap map = ClassMap.Named(NslKddAttacks.ClassNames);

        SequenceSet set = SequenceBuilder.Build(table, preprocessor.Transform(table), preprocessor.FeatureCount, map.Encode(table), map.ClassNames, new SequenceOptions { Steps = 1 }, new float[preprocessor.FeatureCount]);

        Assert.Equal(8, set.Count);
        Assert.Equal(8 * preprocessor.FeatureCount, set.Inputs.Length);
        Assert.Equal([3, 2, 1, 1, 1], set.CountClasses());
        Assert.Equal(8, set.AsBatch().Count);
    }
}
