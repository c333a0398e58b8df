using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Tests.Data;

public sealed class RecordTableTests
{
    [Fact]
    public void Concat_DifferentColumns_ThrowsNamingTheFile()
    {
        using var files = new DataTestFiles();
        var options = new CsvTableOptions { OnlyKnownColumns = true, ColumnKinds = new Dictionary<string, ColumnKind> { ["x"] = ColumnKind.Numeric } };
        RecordTable first = CsvTableReader.Read(files.Write("a.csv", "x,label\n1,0\n"), options);
        string second = files.Write("b.csv", "y,label\n1,0\n");
        RecordTable other = CsvTableReader.Read(second, options with { ColumnKinds = new Dictionary<string, ColumnKind> { ["y"] = ColumnKind.Numeric } });

        var error = Assert.Throws<DatasetFormatException>(() => RecordTable.Concat([first, other]));

        Assert.Equal(second, error.FilePath);
        Assert.Equal("y", error.Column);
    }

    [Fact]
    public void Concat_LabelsAndCategories_AreReinternedAcrossFiles()
    {
        using var files = new DataTestFiles();
        var options = new CsvTableOptions { OnlyKnownColumns = true, ColumnKinds = new Dictionary<string, ColumnKind> { ["c"] = ColumnKind.Categorical } };
        RecordTable first = CsvTableReader.Read(files.Write("a.csv", "c,label\nu,n\nv,a\n"), options);
        RecordTable second = CsvTableReader.Read(files.Write("b.csv", "c,label\nv,a\nw,n\n"), options);

        RecordTable table = RecordTable.Concat([first, second]);

        Assert.Equal(["u", "v", "w"], table.FindColumn("c")!.Categories);
        Assert.Equal([0, 1, 1, 2], table.FindColumn("c")!.Codes!);
        Assert.Equal(["n", "a"], table.LabelValues);
        Assert.Equal([0, 1, 1, 0], table.LabelCodes!);
        Assert.Equal([2L, 3, 2, 3], table.LineNumbers);
        Assert.Equal([2, 2], table.CountLabels());
    }
}
