using System.CommandLine;
using EdgeLstm.Trainer.Commands;
using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Tests.Data;

public sealed class DatasetFormatTests
{
    [Fact]
    public void Find_EveryRegisteredName_ReturnsThatFormat()
    {
        Assert.All(DatasetFormat.All, format => Assert.Same(format, DatasetFormat.Find(format.Name)));
        Assert.Equal(["nsl-kdd", "csv", "zeek", "flow", "features"], DatasetFormat.Names);
    }

    [Fact]
    public void Find_UnknownName_ThrowsListingTheFormats()
    {
        UsageException error = Assert.Throws<UsageException>(() => DatasetFormat.Find("arff"));

        Assert.Contains("nsl-kdd, csv, zeek, flow, features", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("flow")]
    [InlineData("nsl-kdd")]
    public void FormatOption_RegisteredName_IsAccepted(string name)
    {
        ParseResult parse = TrainerCli.Build().Parse(["train", "--data", "x", "--format", name]);

        Assert.Empty(parse.Errors);
    }

    [Fact]
    public void FormatOption_UnregisteredName_IsRejected()
    {
        ParseResult parse = TrainerCli.Build().Parse(["train", "--data", "x", "--format", "arff"]);

        Assert.NotEmpty(parse.Errors);
    }
}
