using System.CommandLine;

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
        root.Subcommands.Add(DemoCommand.Create());
        return root;
    }
}
