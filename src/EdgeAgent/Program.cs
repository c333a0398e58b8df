using EdgeLstm.EdgeAgent.Hosting;

namespace EdgeLstm.EdgeAgent;

/// <summary>Entry point of the EdgeLstm agent service.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(AgentHelp.Text);
            return Task.FromResult(0);
        }

        // EDGELSTM_CONFIG moves the system file, for a second instance or a test; the file it names must exist.
        string? moved = Environment.GetEnvironmentVariable(AgentHost.ConfigurationVariable);
        return moved is null
            ? AgentHost.RunAsync(args, AgentHost.SystemConfigurationFile, Console.Error)
            : AgentHost.RunAsync(args, moved, Console.Error, configurationFileRequired: true);
    }
}
