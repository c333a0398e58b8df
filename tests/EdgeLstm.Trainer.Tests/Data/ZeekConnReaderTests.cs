using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Tests.Data;

public sealed class ZeekConnReaderTests
{
    private static readonly ZeekConnOptions s_options = new();

    [Fact]
    public void Read_Tsv_ReadsFeaturesLabelTimeAndEntity()
    {
        RecordTable table = ZeekConnReader.Read(DataTestFiles.Fixture("zeek-conn.log"), s_options);

        Assert.Equal(4, table.RowCount);
        Assert.Equal(ZeekConnReader.DefaultFeatureKinds.Keys.Order(StringComparer.Ordinal), table.Columns.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["Benign", "Malicious", "Benign", "Malicious"], table.LabelCodes!.Select(c => table.LabelValues[c]));
        Assert.Equal([1545403820.0, 1545403816.5, 1545403818.25, 1545403819.0], table.Times!);
        Assert.Equal(["192.168.1.195", "192.168.1.200"], table.EntityValues);
        Assert.Equal([9L, 10, 11, 12], table.LineNumbers);
    }

    [Fact]
    public void Read_TsvUnsetAndEmptyFields_AreMissing()
    {
        RecordTable table = ZeekConnReader.Read(DataTestFiles.Fixture("zeek-conn.log"), s_options);

        TableColumn duration = table.FindColumn("duration")!;
        Assert.Equal(3.139211f, duration.Numbers![0]);
        Assert.True(float.IsNaN(duration.Numbers[1]));
        Assert.Equal(2, duration.MissingCount);
        Assert.Equal(["http", "", "dns"], table.FindColumn("service")!.Categories);
        Assert.Equal([""], table.FindColumn("local_orig")!.Categories);
    }

    [Fact]
    public void Read_CsvForm_EqualsTheTsvForm()
    {
        RecordTable tsv = ZeekConnReader.Read(DataTestFiles.Fixture("zeek-conn.log"), s_options);
        RecordTable csv = ZeekConnReader.Read(DataTestFiles.Fixture("iot23-conn.csv"), s_options);

        Assert.Equal(tsv.Columns.Select(c => c.Name), csv.Columns.Select(c => c.Name));
        for (int c = 0; c < tsv.Columns.Count; c++)
        {
            Assert.Equal(tsv.Columns[c].Numbers, csv.Columns[c].Numbers);
            Assert.Equal(tsv.Columns[c].Codes, csv.Columns[c].Codes);
            Assert.Equal(tsv.Columns[c].Categories, csv.Columns[c].Categories);
        }

        Assert.Equal(tsv.LabelCodes, csv.LabelCodes);
        Assert.Equal(tsv.Times, csv.Times);
        Assert.Equal(tsv.EntityCodes, csv.EntityCodes);
    }

    [Fact]
    public void Read_GzipTsv_ReadsTheSameRows()
    {
        using var files = new DataTestFiles();
        string path = files.WriteGzip("conn.log.gz", File.ReadAllText(DataTestFiles.Fixture("zeek-conn.log")));

        RecordTable table = ZeekConnReader.Read(path, s_options);

        Assert.Equal(4, table.RowCount);
        Assert.Equal(4200f, table.FindColumn("resp_ip_bytes")!.Numbers![0]);
    }

    [Fact]
    public void Read_UnlabeledLogAndNullLabelColumn_HasNoLabels()
    {
        using var files = new DataTestFiles();
        string path = files.Write("conn.log", "#separator \\x09\n#fields\tts\tid.orig_h\tproto\tduration\n1.0\t10.0.0.1\ttcp\t0.5\n");

        RecordTable table = ZeekConnReader.Read(path, s_options with { LabelColumn = null });

        Assert.Null(table.LabelCodes);
        Assert.Equal(0.5f, table.FindColumn("duration")!.Numbers![0]);
    }

    [Fact]
    public void Read_UnlabeledLogAndLabelColumn_ThrowsLabelColumnMissing()
    {
        using var files = new DataTestFiles();
        string path = files.Write("conn.log", "#separator \\x09\n#fields\tts\tid.orig_h\tproto\n1.0\t10.0.0.1\ttcp\n");

        var error = Assert.Throws<DatasetFormatException>(() => ZeekConnReader.Read(path, s_options));

        Assert.Equal(2, error.Line);
        Assert.Equal("label", error.Column);
        Assert.Contains("label column missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TsvNonNumericCount_ThrowsNamingFileLineAndColumn()
    {
        using var files = new DataTestFiles();
        string path = files.Write("conn.log", "#separator \\x09\n#fields\tts\tid.orig_h\torig_bytes\tlabel\n1.0\t10.0.0.1\t12\tBenign\n2.0\t10.0.0.1\tmany\tBenign\n");

        var error = Assert.Throws<DatasetFormatException>(() => ZeekConnReader.Read(path, s_options));

        Assert.Equal(4, error.Line);
        Assert.Equal("orig_bytes", error.Column);
        Assert.Contains($"{path}:4: column 'orig_bytes'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TsvDeclaringAnotherSeparator_SplitsOnIt()
    {
        using var files = new DataTestFiles();
        string path = files.Write("conn.log", "#separator \\x7c\n#fields|ts|id.orig_h|orig_bytes|label\n1.5|10.0.0.1|12|Benign\n");

        RecordTable table = ZeekConnReader.Read(path, s_options);

        Assert.Equal([12f], table.FindColumn("orig_bytes")!.Numbers!);
        Assert.Equal([1.5], table.Times!);
    }

    [Fact]
    public void Read_RecordBeforeFields_Throws()
    {
        using var files = new DataTestFiles();
        string path = files.Write("conn.log", "#separator \\x09\n1.0\t10.0.0.1\n");

        var error = Assert.Throws<DatasetFormatException>(() => ZeekConnReader.Read(path, s_options));

        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Read_HeaderOnlyTsv_ThrowsEmpty()
    {
        using var files = new DataTestFiles();
        string path = files.Write("conn.log", "#separator \\x09\n#fields\tts\tid.orig_h\tlabel\n#close\tx\n");

        var error = Assert.Throws<DatasetFormatException>(() => ZeekConnReader.Read(path, s_options));

        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ModelFeatureKindsAbsentFromTheLog_ThrowsNamingTheField()
    {
        var options = s_options with { FeatureKinds = new Dictionary<string, ColumnKind> { ["proto"] = ColumnKind.Categorical, ["orig_l2_addr"] = ColumnKind.Categorical } };

        var error = Assert.Throws<DatasetFormatException>(() => ZeekConnReader.Read(DataTestFiles.Fixture("zeek-conn.log"), options));

        Assert.Equal("orig_l2_addr", error.Column);
    }

    [SkippableFact]
    public void Read_SharedIot23Csv_HasEveryFlowAndTheBenignMaliciousSplit()
    {
        Skip.If(DataTestFiles.SharedDatasets is null, DataTestFiles.SkipMessage);
        string[] paths = Directory.GetFiles(Path.Combine(DataTestFiles.SharedDatasets!, "iot-23"), "*.csv").Order(StringComparer.Ordinal).ToArray();

        RecordTable table = ZeekConnReader.Read(paths, s_options);

        Assert.Equal(9, paths.Length);
        Assert.Equal(46_662, table.RowCount);
        int[] labels = ClassMap.Binary("Benign", "Malicious").Encode(table);
        Assert.Equal(17_156, labels.Count(l => l == 0));
        Assert.Equal(29_506, labels.Count(l => l == 1));
        Assert.All(table.Times!, t => Assert.InRange(t, 1.5e9, 1.6e9));
    }
}
