using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Tests.Data;

public sealed class ClassMapTests
{
    private static RecordTable Cic() => CsvTableReader.Read(DataTestFiles.Fixture("cic-flows.csv"), new CsvTableOptions { LabelColumn = "Label" });

    [Fact]
    public void Binary_BenignValueAnyCase_IsClassZeroAndEverythingElseOne()
    {
        ClassMap map = ClassMap.Binary("benign");

        Assert.Equal([0, 0, 1, 1, 1, 0], map.Encode(Cic()));
        Assert.Equal(["benign", "attack"], map.ClassNames);
    }

    [Fact]
    public void FitMultiClass_BenignFirstThenOrdinal()
    {
        ClassMap map = ClassMap.FitMultiClass(Cic(), "BENIGN");

        Assert.Equal(["BENIGN", "DDoS", "PortScan"], map.ClassNames);
        Assert.Equal([0, 0, 1, 1, 2, 0], map.Encode(Cic()));
    }

    [Fact]
    public void Encode_LabelOutsideNamedClasses_ThrowsNamingFileLineAndColumn()
    {
        ClassMap map = ClassMap.Named(["BENIGN", "DDoS"]);

        var error = Assert.Throws<DatasetFormatException>(() => map.Encode(Cic()));

        Assert.Equal(6, error.Line);
        Assert.Equal("Label", error.Column);
        Assert.EndsWith("cic-flows.csv", error.FilePath, StringComparison.Ordinal);
        Assert.Contains("unknown label 'PortScan'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequireTwoClasses_OneClass_ThrowsNamingFileColumnAndClass()
    {
        using var files = new DataTestFiles();
        RecordTable table = CsvTableReader.Read(files.Write("benign.csv", "x,label\n1,benign\n2,benign\n"), new CsvTableOptions());
        ClassMap map = ClassMap.Binary("benign");

        var error = Assert.Throws<DatasetFormatException>(() => map.RequireTwoClasses(map.Encode(table), table));

        Assert.Contains("benign.csv", error.Message, StringComparison.Ordinal);
        Assert.Equal("label", error.Column);
        Assert.Contains("only class 'benign'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequireBenign_ZeroOneLabelsWithDefaultBenign_ListsTheValuesAndSuggestsBenignZero()
    {
        using var files = new DataTestFiles();
        RecordTable table = CsvTableReader.Read(files.Write("unsw.csv", "x,label\n1,0\n2,1\n3,0\n"), new CsvTableOptions());
        ClassMap map = ClassMap.Binary("BENIGN");

        var error = Assert.Throws<DatasetFormatException>(() => map.RequireBenign(map.Encode(table), table));

        Assert.Contains("'0' (2), '1' (1)", error.Message, StringComparison.Ordinal);
        Assert.Contains("--benign 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("unsw.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequireTwoClasses_TwoClasses_DoesNotThrow()
    {
        RecordTable table = Cic();
        ClassMap map = ClassMap.Binary("BENIGN");

        Exception? error = Record.Exception(() => map.RequireTwoClasses(map.Encode(table), table));

        Assert.Null(error);
    }
}
