using System.CommandLine;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Builds the <c>demo</c> command, the end-to-end job that README's first command runs.</summary>
internal static class DemoCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("demo", "Train a tiny model on a synthetic task, save it and describe it.");
        command.SetAction(_ => 0);
        return command;
    }
}
