using EdgeLstm.Features.Windows;
using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Tests.Data;

public sealed class FeatureCsvReaderTests
{
    [Fact]
    public void Read_Fixture_ReadsEntityTimeFeaturesAndLabel()
    {
        RecordTable table = FeatureCsvReader.Read(DataTestFiles.Fixture("features.csv"));

        Assert.Equal(6, table.RowCount);
        Assert.Equal(["packets_out", "bytes_out", "distinct_ports"], table.Columns.Select(c => c.Name));
        Assert.All(table.Columns, c => Assert.Equal(ColumnKind.Numeric, c.Kind));
        Assert.Equal(["10.0.0.2", "10.0.0.1"], table.EntityValues);
        Assert.Equal(1700000001.0, table.Times![0]);
        Assert.Equal(["benign", "scan"], table.LabelValues);
    }

    [Fact]
    public void Read_WithoutLabelColumn_HasNoLabelsAndRequireLabelsThrows()
    {
        using var files = new DataTestFiles();
        string path = files.Write("f.csv", "entity,window_start,a,b\nh,0,1,2\n");

        RecordTable table = FeatureCsvReader.Read(path);

        Assert.Null(table.LabelCodes);
        var error = Assert.Throws<DatasetFormatException>(() => table.RequireLabels());
        Assert.Equal(path, error.FilePath);
        Assert.Contains("label column missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SchemaLine_TableCarriesNameVersionWindowAndHeaderNames()
    {
        using var files = new DataTestFiles();
        string path = files.Write("f.csv", "#edgelstm-schema name=edgelstm.host-window version=1 window_seconds=5 features=2\nentity,window_start,a,b\nh,0,1,2\nh,5,3,4\n");

        RecordTable table = FeatureCsvReader.Read(path);

        Assert.Equal(("edgelstm.host-window", 1, TimeSpan.FromSeconds(5)), (table.Schema!.Name, table.Schema.Version, table.Schema.Window));
        Assert.Equal(["a", "b"], table.Schema.FeatureNames);
        Assert.Null(table.SchemaNote);
        Assert.Equal(2, table.RowCount);
        Assert.Equal([3L, 4L], table.LineNumbers);
    }

    [Fact]
    public void Read_NoSchemaLine_InfersTheWindowAndSaysSo()
    {
        using var files = new DataTestFiles();
        string path = files.Write("old.csv", "entity,window_start,a\nh,10,0\ng,12.5,1\nh,15,2\n");

        RecordTable table = FeatureCsvReader.Read(path);

        Assert.Equal(TimeSpan.FromSeconds(2.5), table.Schema!.Window);
        Assert.Equal("edgelstm.host-window", table.Schema.Name);
        Assert.Contains($"{path} has no schema line", table.SchemaNote, StringComparison.Ordinal);
        Assert.Contains("2.5 s window inferred from the spacing of window_start", table.SchemaNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoSchemaLineOneWindowStart_AssumesTheDefaultWindowAndSaysSo()
    {
        using var files = new DataTestFiles();
        string path = files.Write("old.csv", "entity,window_start,a\nh,10,0\ng,10,1\n");

        RecordTable table = FeatureCsvReader.Read(path);

        Assert.Equal(TimeSpan.FromSeconds(1), table.Schema!.Window);
        Assert.Contains("1 s window assumed", table.SchemaNote, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("#edgelstm-schema name=s version=1 window_seconds=5 features=3", "declares 3 features but the header names 2")]
    [InlineData("#edgelstm-schema name=s version=1 features=2", "'window_seconds=' is missing")]
    [InlineData("#edgelstm-schema name=s version=0 window_seconds=5 features=2", "version '0' is not a positive integer")]
    [InlineData("#edgelstm-schema name=s version=1 window_seconds=1e308 features=2", "window_seconds '1e308' is not 0 or a window length")]
    [InlineData("#edgelstm-schema name=s version=1 window_seconds=NaN features=2", "window_seconds 'NaN' is not 0 or a window length")]
    [InlineData("#edgelstm-schema name=s version=1 window_seconds=5 features=2 colour=red", "'colour=red' is not one of")]
    [InlineData("#edgelstm-schema name=s name=t version=1 window_seconds=5 features=2", "'name=t' is not one of")]
    [InlineData("# written by hand", "is not a schema line")]
    public void Read_BadSchemaLine_ThrowsNamingWhatIsWrong(string line, string expected)
    {
        using var files = new DataTestFiles();
        string path = files.Write("f.csv", line + "\nentity,window_start,a,b\nh,0,1,2\n");

        var error = Assert.Throws<DatasetFormatException>(() => FeatureCsvReader.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FilesOfDifferentWindows_ThrowsNamingBothSchemas()
    {
        using var files = new DataTestFiles();
        string one = files.Write("one.csv", "#edgelstm-schema name=edgelstm.host-window version=1 window_seconds=1 features=1\nentity,window_start,a\nh,0,1\n");
        string five = files.Write("five.csv", "#edgelstm-schema name=edgelstm.host-window version=1 window_seconds=5 features=1\nentity,window_start,a\nh,0,1\n");

        var error = Assert.Throws<DatasetFormatException>(() => FeatureCsvReader.Read([one, five]));

        Assert.Equal(five, error.FilePath);
        Assert.Contains("holds schema edgelstm.host-window/v1 (1 features, 5 s), but", error.Message, StringComparison.Ordinal);
        Assert.Contains("(1 features, 1 s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SchemaLine_ThenRead_RoundTripsTheSchema()
    {
        using var files = new DataTestFiles();
        FeatureSchema schema = HostWindowFeatures.CreateSchema(TimeSpan.FromMilliseconds(2500));
        string header = "entity,window_start," + string.Join(',', schema.FeatureNames);
        string path = files.Write("f.csv", FeatureCsvReader.SchemaLine(schema) + "\n" + header + "\nh,0," + string.Join(',', schema.FeatureNames.Select(_ => "0")) + "\n");

        RecordTable table = FeatureCsvReader.Read(path);

        Assert.Equal("fits", SchemaMatch(schema, table.Schema!));
    }

    private static string SchemaMatch(FeatureSchema model, FeatureSchema source) => SchemaBinding.Match(StoredSchema.Of(model), source).ToString();

    [Fact]
    public void Read_HeaderNotStartingWithEntity_ThrowsNamingTheColumn()
    {
        using var files = new DataTestFiles();
        string path = files.Write("f.csv", "host,window_start,a\nh,0,1\n");

        var error = Assert.Throws<DatasetFormatException>(() => FeatureCsvReader.Read(path));

        Assert.Equal(1, error.Line);
        Assert.Equal("host", error.Column);
    }

    [Fact]
    public void Read_FeatureNotANumber_ThrowsNamingFileLineAndColumn()
    {
        using var files = new DataTestFiles();
        string path = files.Write("f.csv", "entity,window_start,a,label\nh,0,1,benign\nh,1,lots,benign\n");

        var error = Assert.Throws<DatasetFormatException>(() => FeatureCsvReader.Read(path));

        Assert.Equal(3, error.Line);
        Assert.Equal("a", error.Column);
        Assert.Contains($"{path}:3: column 'a': 'lots' is not a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyFile_Throws()
    {
        using var files = new DataTestFiles();
        string path = files.Write("f.csv", "");

        var error = Assert.Throws<DatasetFormatException>(() => FeatureCsvReader.Read(path));

        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }
}
