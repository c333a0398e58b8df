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
    public void Read_ColumnTheModelDoesNotKnow_ThrowsUnknownColumn()
    {
        var error = Assert.Throws<DatasetFormatException>(() => FeatureCsvReader.Read(DataTestFiles.Fixture("features.csv"), ["packets_out", "bytes_out"]));

        Assert.Equal("distinct_ports", error.Column);
        Assert.Equal(1, error.Line);
        Assert.Contains("unknown column", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ColumnTheModelNeedsIsAbsent_ThrowsNamingIt()
    {
        var error = Assert.Throws<DatasetFormatException>(() => FeatureCsvReader.Read(DataTestFiles.Fixture("features.csv"), ["packets_out", "bytes_out", "distinct_ports", "syn_count"]));

        Assert.Equal("syn_count", error.Column);
    }

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
