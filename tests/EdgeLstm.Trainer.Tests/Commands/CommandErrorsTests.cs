using EdgeLstm.Trainer.Commands;

namespace EdgeLstm.Trainer.Tests.Commands;

[Collection(ConsoleCapture.Collection)]
public sealed class CommandErrorsTests
{
    public static TheoryData<Exception> Failures() => new()
    {
        new InvalidDataException("bad gzip"),
        new EdgeLstm.Features.Capture.CaptureFormatException("cap.pcap: pcap record header is truncated at byte offset 24."),
        new KeyNotFoundException("a defect\nover two lines"),
        new FormatException("not a number"),
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Run_AnyException_PrintsOneErrorLineAndReturnsTwo(Exception failure)
    {
        var error = new StringWriter();
        TextWriter original = Console.Error;
        Console.SetError(error);
        int exit;
        try
        {
            exit = CommandErrors.Run(() => throw failure);
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Equal(2, exit);
        string line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(failure.Message.ReplaceLineEndings(" "), line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_CommandLineThatDoesNotParse_PrintsErrorLinesAndReturnsTwo()
    {
        (int exit, _, string error) = ConsoleCapture.Run("train", "--data", "x.csv", "--cell", "lite,slim1");

        Assert.Equal(2, exit);
        Assert.StartsWith("error: --cell takes one cell kind", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Help_PrintsUsageAndReturnsZero()
    {
        (int exit, string output, _) = ConsoleCapture.Run("train", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("--split", output, StringComparison.Ordinal);
    }
}
