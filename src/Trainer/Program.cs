using System.CommandLine;
using EdgeLstm.Trainer.Commands;

namespace EdgeLstm.Trainer;

/// <summary>Entry point of edgelstm-train.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        RootCommand root = TrainerCli.Build();
        return root.Parse(args).Invoke();
    }
}
