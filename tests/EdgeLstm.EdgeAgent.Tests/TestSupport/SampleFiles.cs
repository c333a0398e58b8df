namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>Finds the files committed under samples/ from the test binaries.</summary>
internal static class SampleFiles
{
    /// <summary>Returns the path of a file of the traffic-lab sample (samples/traffic-lab/).</summary>
    public static string TrafficLab(string name)
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "EdgeLstm.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return Path.Combine(directory ?? throw new InvalidOperationException("EdgeLstm.sln not found above the test binaries"), "samples", "traffic-lab", name);
    }
}
