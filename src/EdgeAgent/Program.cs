namespace EdgeLstm.EdgeAgent;

/// <summary>Entry point of the EdgeLstm agent service.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(AgentHelp.Text);
            return 0;
        }

        HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
        using IHost host = builder.Build();
        await host.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
