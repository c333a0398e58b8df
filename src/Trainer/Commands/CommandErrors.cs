using EdgeLstm.Features.Capture;
using EdgeLstm.Model.Serialization;
using EdgeLstm.Model.Verification;
using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Turns the errors a user can cause (bad data, a corrupt or truncated capture, bad settings, a corrupt model, a
/// missing file) into one clear line on standard error and exit code 2, and a defect into a message that says so.</summary>
internal static class CommandErrors
{
    /// <summary>The exit code of a command that failed on its input, settings or files.</summary>
    public const int ExitCode = 2;

    /// <summary>The exit code of a command that failed on a defect, an exception no input explains (EX_SOFTWARE of
    /// sysexits.h).</summary>
    public const int InternalErrorExitCode = 70;

    /// <summary>Runs a command body and reports its errors.</summary>
    /// <remarks>The errors the input can cause are recognised by type (<see cref="UsageException"/>, the format exceptions
    /// of data, captures and models, and file-system errors) and name the file and the line, column or byte offset in
    /// their message. Any other exception is a defect: it is reported as one, with its type and a hint to report it.</remarks>
    public static int Run(Func<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return body();
        }
        catch (Exception error) when (IsUserError(error))
        {
            Console.Error.WriteLine($"error: {OneLine(error.Message)}");
            return ExitCode;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            Console.Error.WriteLine(InternalErrorMessage(error));
            return InternalErrorExitCode;
        }
    }

    /// <summary>Tells whether an exception is one the user's input, settings, files or Ctrl-C can cause.</summary>
    internal static bool IsUserError(Exception error) =>
        error is UsageException or DatasetFormatException or ModelFormatException or CaptureFormatException
            or ModelVerificationException { IsUnexpected: false }
            or IOException or InvalidDataException or UnauthorizedAccessException or OperationCanceledException;

    /// <summary>Describes a defect as one, with a hint to report it.</summary>
    internal static string InternalErrorMessage(Exception error) =>
        $"internal error (a bug in edgelstm-train, not a problem with the input): {error.GetType().Name}: {OneLine(error.Message)} " +
        $"Please report it to the EdgeLstm maintainers with the command line and this message (version {typeof(CommandErrors).Assembly.GetName().Version}).";

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");

    /// <summary>Returns a token cancelled by the first Ctrl-C; a second Ctrl-C ends the process as usual.</summary>
    public static CancellationTokenSource CancelOnCtrlC()
    {
        var source = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            if (!source.IsCancellationRequested)
            {
                e.Cancel = true;
                Console.Error.WriteLine("Interrupted: finishing the current mini-batch and keeping the best model so far (Ctrl-C again to abort).");
                source.Cancel();
            }
        };
        return source;
    }
}
