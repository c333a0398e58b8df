using System.Text;
using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Tests.Data;

public sealed class CsvTableReaderTests
{
    private static readonly CsvTableOptions s_cic = new() { LabelColumn = "Label" };

    [Fact]
    public void Read_CicFlowMeterStyle_DropsIdentifiersAndInfersKinds()
    {
        RecordTable table = CsvTableReader.Read(DataTestFiles.Fixture("cic-flows.csv"), s_cic);

        Assert.Equal(6, table.RowCount);
        Assert.Equal(["Protocol", "Flow Duration", "Total Fwd Packets", "Flow Bytes/s", "Fwd Flags"], table.Columns.Select(c => c.Name));
        Assert.Equal(ColumnKind.Categorical, table.FindColumn("Fwd Flags")!.Kind);
        Assert.Equal(["S,A", "S", "R", "P,A"], table.FindColumn("Fwd Flags")!.Categories);
        Assert.Equal(ColumnKind.Numeric, table.FindColumn("Flow Duration")!.Kind);
        Assert.Equal(["BENIGN", "DDoS", "PortScan"], table.LabelValues);
        Assert.Equal([0, 0, 1, 1, 2, 0], table.LabelCodes!);
        Assert.Equal([2L, 3, 4, 5, 6, 7], table.LineNumbers);
    }

    [Fact]
    public void Read_MissingInfiniteAndNaN_BecomeNaNAndAreCounted()
    {
        RecordTable table = CsvTableReader.Read(DataTestFiles.Fixture("cic-flows.csv"), s_cic);

        TableColumn rate = table.FindColumn("Flow Bytes/s")!;
        Assert.Equal(1500.5f, rate.Numbers![0]);
        Assert.True(float.IsNaN(rate.Numbers[1]));
        Assert.True(float.IsNaN(rate.Numbers[2]));
        Assert.True(float.IsNaN(rate.Numbers[3]));
        Assert.Equal(2, rate.MissingCount);
        Assert.Equal(1, rate.InfiniteCount);
        Assert.Equal(0, rate.InvalidCount);
    }

    [Fact]
    public void Read_TimeAndEntityColumns_AreReadInsteadOfDropped()
    {
        RecordTable table = CsvTableReader.Read(DataTestFiles.Fixture("cic-flows.csv"), s_cic with { TimeColumn = "Timestamp", EntityColumn = "Source IP" });

        double start = (new DateTime(2017, 3, 7, 8, 55, 58, DateTimeKind.Utc) - DateTime.UnixEpoch).TotalSeconds;
        Assert.Equal(start, table.Times![0]);
        Assert.Equal(start + 6, table.Times[5]);
        Assert.Equal(["192.168.10.5", "192.168.10.9", "192.168.10.7"], table.EntityValues);
        Assert.Equal([0, 0, 1, 1, 2, 0], table.EntityCodes!);
    }

    [Fact]
    public void Read_UnswStyle_DropsAttackCategoryAndOneHotsStrings()
    {
        RecordTable table = CsvTableReader.Read(DataTestFiles.Fixture("unsw-flows.csv"), new CsvTableOptions());

        Assert.Equal(["proto", "state", "dur", "sbytes", "dbytes", "service", "ct_srv_src"], table.Columns.Select(c => c.Name));
        Assert.Equal(["udp", "tcp", "unas"], table.FindColumn("proto")!.Categories);
        Assert.Equal(["dns", "-", "http"], table.FindColumn("service")!.Categories);
        Assert.Equal(["0", "1"], table.LabelValues);
    }

    [Fact]
    public void Read_DropColumnsOption_DropsThem()
    {
        RecordTable table = CsvTableReader.Read(DataTestFiles.Fixture("unsw-flows.csv"), new CsvTableOptions { DropColumns = ["dur", "service"] });

        Assert.Null(table.FindColumn("dur"));
        Assert.Null(table.FindColumn("service"));
        Assert.NotNull(table.FindColumn("sbytes"));
    }

    [Fact]
    public void Read_GzipAndSeveralFiles_ConcatenatesWithInferenceOverAll()
    {
        using var files = new DataTestFiles();
        string first = files.WriteGzip("a.csv.gz", "x,y,label\n1,a,0\n2,b,1\n");
        string second = files.Write("b.csv", "x,y,label\n3,c,1\n4,5,0\n");

        RecordTable table = CsvTableReader.Read([first, second], new CsvTableOptions());

        Assert.Equal(4, table.RowCount);
        Assert.Equal([1f, 2f, 3f, 4f], table.FindColumn("x")!.Numbers!);
        Assert.Equal(ColumnKind.Categorical, table.FindColumn("y")!.Kind);
        Assert.Equal(["a", "b", "c", "5"], table.FindColumn("y")!.Categories);
        Assert.Equal([0, 0, 1, 1], table.SourceIndex);
        Assert.Equal([first, second], table.Sources);
    }

    [Fact]
    public void Read_FewNonNumbersInANumericColumn_StaysNumericAndCountsThem()
    {
        var text = new StringBuilder("x,label\n");
        for (int i = 0; i < 199; i++)
        {
            text.Append(i).Append(",0\n");
        }

        text.Append("oops,1\n");
        using var files = new DataTestFiles();

        RecordTable table = CsvTableReader.Read(files.Write("t.csv", text.ToString()), new CsvTableOptions());

        TableColumn x = table.FindColumn("x")!;
        Assert.Equal(ColumnKind.Numeric, x.Kind);
        Assert.Equal(1, x.InvalidCount);
        Assert.True(float.IsNaN(x.Numbers![199]));
    }

    [Fact]
    public void Read_StrictNumbersAndANonNumber_ThrowsNamingFileLineAndColumn()
    {
        using var files = new DataTestFiles();
        string path = files.Write("t.csv", "x,label\n1,0\n\n2x,1\n");
        var options = new CsvTableOptions { ColumnKinds = new Dictionary<string, ColumnKind> { ["x"] = ColumnKind.Numeric }, StrictNumbers = true };

        var error = Assert.Throws<DatasetFormatException>(() => CsvTableReader.Read(path, options));

        Assert.Equal(path, error.FilePath);
        Assert.Equal(4, error.Line);
        Assert.Equal("x", error.Column);
        Assert.Contains($"{path}:4: column 'x': '2x' is not a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LabelColumnMissing_ThrowsNamingFileHeaderLineAndColumn()
    {
        using var files = new DataTestFiles();
        string path = files.Write("t.csv", "x,y\n1,2\n");

        var error = Assert.Throws<DatasetFormatException>(() => CsvTableReader.Read(path, new CsvTableOptions { LabelColumn = "Label" }));

        Assert.Equal(1, error.Line);
        Assert.Equal("Label", error.Column);
        Assert.Contains("label column missing", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LabelOptionalAndNoLabelColumn_ReadsUnlabeledRows()
    {
        using var files = new DataTestFiles();
        string path = files.Write("t.csv", "x,y\n1,2\n3,4\n");

        RecordTable table = CsvTableReader.Read(path, new CsvTableOptions { LabelOptional = true });

        Assert.Null(table.LabelCodes);
        Assert.Equal(2, table.RowCount);
        Assert.Equal(["x", "y"], table.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Read_UnknownTimeColumn_ThrowsNamingIt()
    {
        var error = Assert.Throws<DatasetFormatException>(() => CsvTableReader.Read(DataTestFiles.Fixture("unsw-flows.csv"), new CsvTableOptions { TimeColumn = "stime" }));

        Assert.Equal("stime", error.Column);
        Assert.Equal(1, error.Line);
        Assert.Contains("unknown time column", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DayFirstDates_AreParsedWhenMonthFirstFails()
    {
        using var files = new DataTestFiles();
        string path = files.Write("t.csv", "Timestamp,x,Label\n14/02/2018 08:31:01,1,Benign\n");

        RecordTable table = CsvTableReader.Read(path, new CsvTableOptions { TimeColumn = "Timestamp" });

        Assert.Equal((new DateTime(2018, 2, 14, 8, 31, 1, DateTimeKind.Utc) - DateTime.UnixEpoch).TotalSeconds, table.Times![0]);
    }

    [Fact]
    public void Read_UnparsableTime_ThrowsNamingLineAndColumn()
    {
        using var files = new DataTestFiles();
        string path = files.Write("t.csv", "t,x,label\n5,1,0\nlater,2,0\n");

        var error = Assert.Throws<DatasetFormatException>(() => CsvTableReader.Read(path, new CsvTableOptions { TimeColumn = "t" }));

        Assert.Equal(3, error.Line);
        Assert.Equal("t", error.Column);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("x,label\n")]
    public void Read_EmptyFile_ThrowsNamingTheFile(string content)
    {
        using var files = new DataTestFiles();
        string path = files.Write("empty.csv", content);

        var error = Assert.Throws<DatasetFormatException>(() => CsvTableReader.Read(path, new CsvTableOptions()));

        Assert.Equal(path, error.FilePath);
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RecordWithTooFewFields_ThrowsNamingItsLine()
    {
        using var files = new DataTestFiles();
        string path = files.Write("t.csv", "x,y,label\n1,2,0\n3,1\n");

        var error = Assert.Throws<DatasetFormatException>(() => CsvTableReader.Read(path, new CsvTableOptions()));

        Assert.Equal(3, error.Line);
        Assert.Contains("2 fields but 3 columns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_QuotedFieldsAndCrLf_ReadLikeThePlainValues()
    {
        using var files = new DataTestFiles();
        string path = files.Write("t.csv", "\"x\",name,label\r\n\"1.5\",\"a,b\",0\r\n2,\"say \"\"c\"\"\",1\r\n");

        RecordTable table = CsvTableReader.Read(path, new CsvTableOptions());

        Assert.Equal([1.5f, 2f], table.Columns.Single(c => c.Name == "x").Numbers!);
        Assert.Equal(["a,b", "say \"c\""], table.Columns.Single(c => c.Name == "name").Categories);
        Assert.Equal([2L, 3], table.LineNumbers);
    }

    [Fact]
    public void Read_TextAfterAClosingQuote_ThrowsNamingFileLineAndCharacter()
    {
        using var files = new DataTestFiles();
        string path = files.Write("t.csv", "x,label\n1,0\n\"2\"5,1\n");

        var error = Assert.Throws<DatasetFormatException>(() => CsvTableReader.Read(path, new CsvTableOptions()));

        Assert.Equal($"{path}:3: character 4 (field 1): unexpected character '5' after a closing quote", error.Message);
    }

    [Fact]
    public void Read_RequiredColumnAbsent_ThrowsNamingIt()
    {
        var options = new CsvTableOptions { RequiredColumns = ["sttl"], OnlyKnownColumns = true };

        var error = Assert.Throws<DatasetFormatException>(() => CsvTableReader.Read(DataTestFiles.Fixture("unsw-flows.csv"), options));

        Assert.Equal("sttl", error.Column);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Read_FeatureNameWithEquals_Throws()
    {
        using var files = new DataTestFiles();
        string path = files.Write("t.csv", "a=b,label\n1,0\n");

        var error = Assert.Throws<DatasetFormatException>(() => CsvTableReader.Read(path, new CsvTableOptions()));

        Assert.Equal("a=b", error.Column);
    }

    [Theory]
    [InlineData("Flow ID", true)]
    [InlineData(" Source IP", true)]
    [InlineData("Destination Port", true)]
    [InlineData("id.orig_h", true)]
    [InlineData("attack_cat", true)]
    [InlineData("detailed-label", true)]
    [InlineData("Flow Duration", false)]
    [InlineData("sbytes", false)]
    [InlineData("proto", false)]
    public void IsIdentifierColumn_Name_RecognizesIdentifiersAndLabels(string name, bool expected)
    {
        Assert.Equal(expected, CsvTableReader.IsIdentifierColumn(name));
    }
}
