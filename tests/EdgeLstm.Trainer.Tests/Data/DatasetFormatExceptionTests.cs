using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Tests.Data;

public sealed class DatasetFormatExceptionTests
{
    [Fact]
    public void Message_FileLineAndColumn_NamesAllThree()
    {
        var error = new DatasetFormatException("a.csv", 7, "dur", "'x' is not a number");

        Assert.Equal("a.csv:7: column 'dur': 'x' is not a number", error.Message);
        Assert.Equal(7, error.Line);
        Assert.Equal("dur", error.Column);
    }

    [Fact]
    public void Message_WholeFile_NamesFileOnly()
    {
        var error = new DatasetFormatException("a.csv", 0, null, "the file is empty");

        Assert.Equal("a.csv: the file is empty", error.Message);
    }
}
