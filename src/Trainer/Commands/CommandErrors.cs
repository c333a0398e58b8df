using EdgeLstm.Model.Serialization;
using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Turns the errors a user can cause (bad data, bad settings, a corrupt model, a missing file) into one
/// clear line on standard error and exit code 2, instead of a stack trace.</summary>
internal static class CommandErrors
{
    /// <summary>Runs a command body and reports user errors.</summary>
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception error) when (error is DatasetFormatException or ModelFormatException or ArgumentException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            return 2;
        }
    }

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
