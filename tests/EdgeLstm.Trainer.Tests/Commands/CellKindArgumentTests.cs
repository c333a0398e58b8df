using System.CommandLine;
using EdgeLstm.Model;
using EdgeLstm.Trainer.Commands;

namespace EdgeLstm.Trainer.Tests.Commands;

public sealed class CellKindArgumentTests
{
    [Theory]
    [InlineData("lstm,lite,slim1")]
    [InlineData("lstm, lite ,slim1")]
    public void ParseMany_CommaList_GivesEachKindNotTheirBitwiseOr(string list)
    {
        ParseResult parse = TrainerCli.Build().Parse(["compare", "--data", "x.csv", "--cells", list]);

        Assert.Empty(parse.Errors);
        Assert.Equal([CellKind.Lstm, CellKind.Lite, CellKind.Slim1], parse.GetValue<CellKind[]>("--cells"));
    }

    [Fact]
    public void ParseMany_SpaceSeparatedTokens_GivesEachKind()
    {
        ParseResult parse = TrainerCli.Build().Parse(["compare", "--data", "x.csv", "--cells", "slim3", "LITE"]);

        Assert.Empty(parse.Errors);
        Assert.Equal([CellKind.Slim3, CellKind.Lite], parse.GetValue<CellKind[]>("--cells"));
    }

    [Fact]
    public void ParseOne_List_IsAnErrorPointingToCompare()
    {
        ParseResult parse = TrainerCli.Build().Parse(["train", "--data", "x.csv", "--cell", "lite,slim1"]);

        Assert.Contains(parse.Errors, e => e.Message.Contains("--cell takes one cell kind", StringComparison.Ordinal) && e.Message.Contains("compare --cells", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("3")]
    [InlineData("transformer")]
    public void ParseOne_NumberOrUnknownName_IsAnErrorListingTheNames(string value)
    {
        ParseResult parse = TrainerCli.Build().Parse(["train", "--data", "x.csv", "--cell", value]);

        Assert.Contains(parse.Errors, e => e.Message.Contains("lstm, lite, slim1, slim2, slim3, gru", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("train")]
    [InlineData("demo")]
    public void ParseOne_Gru_GivesTheGruKindInEveryCommand(string command)
    {
        string[] args = command == "demo" ? ["demo", "--output", "x.safetensors", "--cell", "GRU"] : ["train", "--data", "x.csv", "--cell", "gru"];

        ParseResult parse = TrainerCli.Build().Parse(args);

        Assert.Empty(parse.Errors);
        Assert.Equal(CellKind.Gru, parse.GetValue<CellKind>("--cell"));
    }

    [Fact]
    public void ParseMany_Default_ComparesEveryDescribedKind()
    {
        ParseResult parse = TrainerCli.Build().Parse(["compare", "--data", "x.csv"]);

        Assert.Equal(Enum.GetValues<CellKind>(), parse.GetValue<CellKind[]>("--cells"));
    }

    [Fact]
    public void ParseOne_NameAnyCase_GivesTheKind()
    {
        ParseResult parse = TrainerCli.Build().Parse(["train", "--data", "x.csv", "--cell", "Slim2"]);

        Assert.Empty(parse.Errors);
        Assert.Equal(CellKind.Slim2, parse.GetValue<CellKind>("--cell"));
    }
}
