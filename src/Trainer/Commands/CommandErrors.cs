using EdgeLstm.Features.Capture;
using EdgeLstm.Model.Serialization;
using EdgeLstm.Model.Verification;
using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Turns the errors a user can cause (bad data, a corrupt or truncated capture, bad settings, a corrupt model, a
/// missing file) into one clear line on standard error and exit code 2, instead of a stack trace.</summary>
internal static class CommandErrors
{
    /// <summary>The exit code of every failed command.</summary>
    public const int ExitCode = 2;

    /// <summary>Runs a command body and reports its errors.</summary>
    /// <remarks>Errors the input can cause name the file and the line, column or byte offset in their message. Any other
    /// exception is a defect, but it is reported the same way, with its type, rather than as a stack trace.</remarks>
    public static int Run(Func<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return body();
        }
        catch (Exception error) when (error is DatasetFormatException or ModelFormatException or ModelVerificationException or CaptureFormatException or ArgumentException
            or IOException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {OneLine(error.Message)}");
            return ExitCode;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"error: unexpected {error.GetType().Name}: {OneLine(error.Message)}");
            return ExitCode;
        }
    }

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
