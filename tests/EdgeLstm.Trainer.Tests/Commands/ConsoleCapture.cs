using EdgeLstm.Trainer.Commands;

namespace EdgeLstm.Trainer.Tests.Commands;

/// <summary>Runs the command line as Program does, with standard output and error captured. Console redirection is process-wide, so every
/// test class that redirects it belongs to the <see cref="Collection"/> collection, whose tests run one at a time.</summary>
internal static class ConsoleCapture
{
    public const string Collection = "Console";

    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        TextWriter originalOutput = Console.Out;
        TextWriter originalError = Console.Error;
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            int exit = TrainerCli.Run(args);
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOutput);
            Console.SetError(originalError);
        }
    }
}

[CollectionDefinition(ConsoleCapture.Collection)]
public sealed class ConsoleCaptureGroup;
