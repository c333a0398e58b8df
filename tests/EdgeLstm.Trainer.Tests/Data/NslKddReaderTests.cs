using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Tests.Data;

public sealed class NslKddReaderTests
{
    private static readonly string s_columns = DataTestFiles.Fixture("nsl-kdd-columns.txt");

    [Fact]
    public void Read_TrainFixture_HasFortyOneFeaturesThreeCategoricalAndFiveClassLabels()
    {
        RecordTable table = NslKddReader.Read(DataTestFiles.Fixture("nsl-kdd-train.txt"), s_columns);

        Assert.Equal(8, table.RowCount);
        Assert.Equal(41, table.Columns.Count);
        Assert.Null(table.FindColumn("difficulty"));
        Assert.Equal(["protocol_type", "service", "flag"], table.Columns.Where(c => c.Kind == ColumnKind.Categorical).Select(c => c.Name));
        Assert.Equal("attack_type", table.LabelColumn);
        Assert.Equal(["normal", "DoS", "DoS", "Probe", "R2L", "U2R", "normal", "normal"], table.LabelCodes!.Select(c => table.LabelValues[c]));
        Assert.Equal(45076f, table.FindColumn("dst_bytes")!.Numbers![0]);
    }

    [Fact]
    public void Read_TestOnlyAttacksAndCrLf_MapToTheirStandardClasses()
    {
        RecordTable table = NslKddReader.Read(DataTestFiles.Fixture("nsl-kdd-test.txt"), s_columns);

        Assert.Equal(["normal", "Probe", "DoS", "U2R", "R2L"], table.LabelCodes!.Select(c => table.LabelValues[c]));
        Assert.Equal([1L, 2, 3, 4, 5], table.LineNumbers);
    }

    [Fact]
    public void Read_AttackNameLabeling_KeepsTheNames()
    {
        RecordTable table = NslKddReader.Read(DataTestFiles.Fixture("nsl-kdd-test.txt"), s_columns, NslKddLabeling.AttackName);

        Assert.Equal(["normal", "mscan", "apache2", "httptunnel", "snmpgetattack"], table.LabelValues);
    }

    [Fact]
    public void Read_Gzip_GivesTheSameTable()
    {
        using var files = new DataTestFiles();
        string gz = files.WriteGzip("train.gz", File.ReadAllText(DataTestFiles.Fixture("nsl-kdd-train.txt")));

        RecordTable plain = NslKddReader.Read(DataTestFiles.Fixture("nsl-kdd-train.txt"), s_columns);
        RecordTable zipped = NslKddReader.Read(gz, s_columns);

        Assert.Equal(plain.RowCount, zipped.RowCount);
        for (int c = 0; c < plain.Columns.Count; c++)
        {
            Assert.Equal(plain.Columns[c].Numbers, zipped.Columns[c].Numbers);
            Assert.Equal(plain.Columns[c].Codes, zipped.Columns[c].Codes);
        }

        Assert.Equal(plain.LabelCodes, zipped.LabelCodes);
    }

    [Fact]
    public void Read_UnknownAttackName_ThrowsNamingFileLineAndColumn()
    {
        using var files = new DataTestFiles();
        string[] lines = File.ReadAllLines(DataTestFiles.Fixture("nsl-kdd-train.txt"));
        lines[2] = lines[2].Replace(",smurf,", ",martian,", StringComparison.Ordinal);
        string path = files.Write("bad.txt", string.Join('\n', lines));

        var error = Assert.Throws<DatasetFormatException>(() => NslKddReader.Read(path, s_columns));

        Assert.Equal(3, error.Line);
        Assert.Equal("attack_type", error.Column);
        Assert.Contains($"{path}:3: column 'attack_type': unknown attack name 'martian'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NonNumericFeature_ThrowsNamingFileLineAndColumn()
    {
        using var files = new DataTestFiles();
        string[] lines = File.ReadAllLines(DataTestFiles.Fixture("nsl-kdd-train.txt"));
        lines[1] = lines[1].Replace("S0,0,0,", "S0,12x,0,", StringComparison.Ordinal);
        string path = files.Write("bad.txt", string.Join('\n', lines));

        var error = Assert.Throws<DatasetFormatException>(() => NslKddReader.Read(path, s_columns));

        Assert.Equal(2, error.Line);
        Assert.Equal("src_bytes", error.Column);
        Assert.Contains("'12x' is not a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyDataFile_Throws()
    {
        using var files = new DataTestFiles();
        string path = files.Write("empty.txt", "");

        var error = Assert.Throws<DatasetFormatException>(() => NslKddReader.Read(path, s_columns));

        Assert.Equal(path, error.FilePath);
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadColumnNames_WithoutAttackType_ThrowsLabelColumnMissing()
    {
        using var files = new DataTestFiles();
        string path = files.Write("columns.txt", "duration\nprotocol_type\n");

        var error = Assert.Throws<DatasetFormatException>(() => NslKddReader.ReadColumnNames(path));

        Assert.Equal("attack_type", error.Column);
        Assert.Contains("label column missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RecordWithoutDifficulty_ThrowsNamingItsLine()
    {
        using var files = new DataTestFiles();
        string line = File.ReadAllLines(DataTestFiles.Fixture("nsl-kdd-train.txt"))[0];
        string path = files.Write("short.txt", line + "\n" + line[..line.LastIndexOf(',')] + "\n");

        var error = Assert.Throws<DatasetFormatException>(() => NslKddReader.Read(path, s_columns));

        Assert.Equal(2, error.Line);
        Assert.Contains("42 fields but 43 columns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoColumnsFile_UsesTheStandardNames()
    {
        RecordTable withFile = NslKddReader.Read(DataTestFiles.Fixture("nsl-kdd-train.txt"), s_columns);

        RecordTable builtIn = NslKddReader.Read(DataTestFiles.Fixture("nsl-kdd-train.txt"), columnsPath: null);

        Assert.Equal(withFile.Columns.Select(c => c.Name), builtIn.Columns.Select(c => c.Name));
        Assert.Equal(41, builtIn.Columns.Count);
        Assert.Equal(withFile.LabelCodes, builtIn.LabelCodes);
    }

    [Fact]
    public void Read_KddCup99RecordsWithTrailingDotAndNoDifficulty_AreRead()
    {
        using var files = new DataTestFiles();
        string[] nsl = File.ReadAllLines(DataTestFiles.Fixture("nsl-kdd-train.txt"));
        // KDD Cup 99: 41 features and the label with a trailing dot, no difficulty field.
        string kdd = string.Concat(nsl.Take(6).Select(line => line[..line.LastIndexOf(',')] + ".\n"));
        string path = files.Write("kddcup.data", kdd);

        RecordTable table = NslKddReader.Read(path, columnsPath: null);

        Assert.Equal(6, table.RowCount);
        Assert.Equal(41, table.Columns.Count);
        Assert.DoesNotContain(table.LabelValues, value => value.EndsWith('.'));
        Assert.Equal(NslKddReader.Read(DataTestFiles.Fixture("nsl-kdd-train.txt"), s_columns).LabelCodes!.Take(6), table.LabelCodes!);
    }

    [SkippableFact]
    public void Read_SharedKddTrainAndTest_HaveThePublishedRowAndClassCounts()
    {
        Skip.If(DataTestFiles.SharedDatasets is null, DataTestFiles.SkipMessage);
        string folder = Path.Combine(DataTestFiles.SharedDatasets!, "nsl-kdd");
        string columns = Path.Combine(folder, "columns.txt");

        RecordTable train = NslKddReader.Read(Path.Combine(folder, "KDDTrain+.txt"), columns);
        RecordTable test = NslKddReader.Read(Path.Combine(folder, "KDDTest+.txt"), columns);

        Assert.Equal(125_973, train.RowCount);
        Assert.Equal(22_544, test.RowCount);
        ClassMap classes = ClassMap.Named(NslKddAttacks.ClassNames);
        Assert.Equal([67_343, 45_927, 11_656, 995, 52], CountClasses(classes.Encode(train)));
        Assert.Equal([9_711, 7_458, 2_421, 2_754, 200], CountClasses(classes.Encode(test)));

        Preprocessor preprocessor = Preprocessor.Fit(train);
        Assert.Equal(122, preprocessor.FeatureCount);
        float[] inputs = preprocessor.Transform(test, out long unseen);
        Assert.Equal(22_544L * 122, inputs.LongLength);
        Assert.All(inputs, value => Assert.True(float.IsFinite(value)));
        Assert.Equal(0, unseen);
    }

    private static int[] CountClasses(int[] labels)
    {
        var counts = new int[5];
        foreach (int label in labels)
        {
            counts[label]++;
        }

        return counts;
    }
}
