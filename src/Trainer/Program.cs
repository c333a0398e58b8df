using EdgeLstm.Trainer.Commands;

namespace EdgeLstm.Trainer;

/// <summary>Entry point of edgelstm-train.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        return TrainerCli.Run(args);
    }
}
