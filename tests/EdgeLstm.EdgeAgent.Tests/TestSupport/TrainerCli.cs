using System.Diagnostics;

namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>Runs <c>edgelstm-train</c>, built by the solution next to this test assembly's configuration, as a process.</summary>
internal static class TrainerCli
{
    /// <summary>Runs the trainer with the given arguments and fails with its output unless it exits 0.</summary>
    public static async Task RunAsync(params string[] arguments)
    {
        // The test assembly lives in tests/<project>/bin/<configuration>/<framework>/; the trainer in src/Trainer/bin/ likewise.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string trainer = Path.Combine(RepositoryPaths.Root, "src", "Trainer", "bin", output.Parent!.Name, output.Name, "EdgeLstm.Trainer.dll");
        if (!File.Exists(trainer))
        {
            throw new InvalidOperationException($"{trainer} is missing: build the solution (dotnet build EdgeLstm.sln), not only the test project.");
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(trainer);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"edgelstm-train {string.Join(' ', arguments)} exited {process.ExitCode}: {await stdout}{await stderr}");
        }
    }
}
