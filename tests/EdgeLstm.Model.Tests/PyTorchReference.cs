using System.Diagnostics;

namespace EdgeLstm.Model.Tests;

/// <summary>Finds Debian's python3 with PyTorch and runs the reference scripts copied next to the tests.</summary>
internal static class PyTorchReference
{
    private static readonly Lazy<string?> s_missingReason = new(FindMissingReason);

    /// <summary>Gets the interpreter: $EDGELSTM_PYTHON, else /usr/bin/python3 (Debian's, where python3-torch installs).</summary>
    public static string Python => Environment.GetEnvironmentVariable("EDGELSTM_PYTHON") is { Length: > 0 } configured ? configured : "/usr/bin/python3";

    /// <summary>Gets why PyTorch cannot be used, or null when it can.</summary>
    public static string? MissingReason => s_missingReason.Value;

    /// <summary>Runs a script from the test output folder and returns its standard output.</summary>
    public static string Run(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PyTorch", script));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish within 2 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} exited with {process.ExitCode}: {error.Result}");
        }

        return output;
    }

    private static string? FindMissingReason()
    {
        if (!File.Exists(Python))
        {
            return $"{Python} does not exist; install Debian's python3-torch (./test.sh does) or set EDGELSTM_PYTHON.";
        }

        var start = new ProcessStartInfo(Python, ["-c", "import torch"]) { RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode == 0 ? null : $"{Python} cannot import torch; install Debian's python3-torch (./test.sh does) or set EDGELSTM_PYTHON.";
    }
}
