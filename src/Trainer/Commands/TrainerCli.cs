using System.CommandLine;
using System.CommandLine.Parsing;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Builds the edgelstm-train command tree.</summary>
internal static class TrainerCli
{
    /// <summary>Creates the root command with every subcommand registered.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("edgelstm-train: turns network traffic into compact recurrent anomaly-detection models.");
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(CompareCommand.Create());
        root.Subcommands.Add(FeaturesCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(QuantizeCommand.Create());
        root.Subcommands.Add(CalibrateCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        return root;
    }

    /// <summary>Parses and runs a command line; returns the process exit code.</summary>
    /// <remarks>A command line that does not parse (an unknown option, a list where one value is expected) is reported
    /// like every other error: one <c>error:</c> line per problem on standard error and exit code 2.</remarks>
    public static int Run(IReadOnlyList<string> args)
    {
        ParseResult parse = Build().Parse(args);
        if (parse.Errors.Count == 0)
        {
            return parse.Invoke();
        }

        foreach (ParseError error in parse.Errors)
        {
            Console.Error.WriteLine($"error: {error.Message}");
        }

        Console.Error.WriteLine("(--help lists the options)");
        return CommandErrors.ExitCode;
    }
}
