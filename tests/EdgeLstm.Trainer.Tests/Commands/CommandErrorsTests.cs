using EdgeLstm.Trainer.Commands;

namespace EdgeLstm.Trainer.Tests.Commands;

[Collection(ConsoleCapture.Collection)]
public sealed class CommandErrorsTests
{
    public static TheoryData<Exception> UserErrors() => new()
    {
        new InvalidDataException("bad gzip"),
        new EdgeLstm.Features.Capture.CaptureFormatException("cap.pcap: pcap record header is truncated at byte offset 24."),
        new UsageException("--hidden 0 must be 1..1024.\nover two lines"),
        new FileNotFoundException("The data file 'x.csv' does not exist."),
        new UnauthorizedAccessException("Access to the path 'out.safetensors' is denied."),
        new OperationCanceledException("The operation was canceled."),
    };

    public static TheoryData<Exception> Defects() => new()
    {
        new KeyNotFoundException("a defect\nover two lines"),
        new FormatException("not a number"),
        new ArgumentException("The destination has room for 3 scores but the batch has 4 sequences."),
        new InvalidOperationException("Unknown cell kind 9."),
    };

    [Theory]
    [MemberData(nameof(UserErrors))]
    public void Run_UserError_PrintsOneErrorLineAndReturnsTwo(Exception failure)
    {
        (int exit, string line) = RunFailing(failure);

        Assert.Equal(CommandErrors.ExitCode, exit);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(failure.Message.ReplaceLineEndings(" "), line, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", line, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Defects))]
    public void Run_Defect_SaysItIsABugAsksForAReportAndReturnsSeventy(Exception failure)
    {
        (int exit, string line) = RunFailing(failure);

        Assert.Equal(CommandErrors.InternalErrorExitCode, exit);
        Assert.Equal(70, exit);
        Assert.StartsWith("internal error (a bug in edgelstm-train", line, StringComparison.Ordinal);
        Assert.Contains($"{failure.GetType().Name}: {failure.Message.ReplaceLineEndings(" ")}", line, StringComparison.Ordinal);
        Assert.Contains("Please report it", line, StringComparison.Ordinal);
    }

    [Fact]
    public void ExitCodes_AreInTheReadme()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).ReplaceLineEndings(" ");

        Assert.Contains($"exit {CommandErrors.ExitCode} ", readme, StringComparison.Ordinal);
        Assert.Contains($"exits {CommandErrors.InternalErrorExitCode} ", readme, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        DirectoryInfo? directory = new(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EdgeLstm.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("EdgeLstm.sln not found above " + AppContext.BaseDirectory);
    }

    private static (int Exit, string Line) RunFailing(Exception failure)
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

        string line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
        return (exit, line);
    }

    [Fact]
    public void Run_FeaturesWindowOfZero_IsAUserErrorNamingTheOption()
    {
        (int exit, _, string error) = ConsoleCapture.Run("features", "--capture", "absent.pcap", "--window", "0", "-o", Path.Combine(Path.GetTempPath(), "never-written.csv"));

        Assert.Equal(CommandErrors.ExitCode, exit);
        Assert.StartsWith("error: --window is out of range", error, StringComparison.Ordinal);
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
