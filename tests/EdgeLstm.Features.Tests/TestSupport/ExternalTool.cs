using System.Diagnostics;

namespace EdgeLstm.Features.Tests.TestSupport;

/// <summary>Runs command-line tools (tshark, editcap) used as oracles.</summary>
internal static class ExternalTool
{
    public static bool Exists(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, name)));

    /// <summary>Runs the tool and returns its standard output; throws when it fails.</summary>
    public static string Run(string name, params string[] arguments)
    {
        var start = new ProcessStartInfo(name)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{name} did not finish");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{name} exited with {process.ExitCode}: {error.Result}");
        }

        return output;
    }
}
