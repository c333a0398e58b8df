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

        // EDGELSTM_CONFIG moves the system file, for a second instance or a test.
        string configurationFile = Environment.GetEnvironmentVariable("EDGELSTM_CONFIG") is { Length: > 0 } path
            ? path
            : AgentHost.SystemConfigurationFile;
        return AgentHost.RunAsync(args, configurationFile, Console.Error);
    }
}
