using System.Diagnostics;

namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>Runs the built agent (EdgeLstm.EdgeAgent.dll next to the tests) as a separate process.</summary>
internal static class AgentProcess
{
    /// <summary>Gets an empty configuration file ("{}") for EDGELSTM_CONFIG.</summary>
    public static string EmptyConfigurationFile { get; } = CreateEmptyConfigurationFile();

    public static Process Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "EdgeLstm.EdgeAgent.dll");
        var start = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // Never read the machine's /etc/edgelstm/agent.json from a test; EDGELSTM_CONFIG must name a readable file.
        start.Environment["EDGELSTM_CONFIG"] = EmptyConfigurationFile;
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("the agent did not start");
    }

    public static async Task SignalAsync(Process process, string signal)
    {
        using Process kill = Process.Start("/bin/kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    private static string CreateEmptyConfigurationFile()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "agent.test-empty.json");
        File.WriteAllText(path, "{}");
        return path;
    }
}
