using System.Diagnostics;

namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>A small tmpfs mounted for a test (root only), to fill until writes fail with ENOSPC; unmounted on dispose.</summary>
internal sealed class SmallTmpfs : IDisposable
{
    private SmallTmpfs(string path) => Path = path;

    public string Path { get; }

    /// <summary>Gets why a tmpfs cannot be mounted here, or null when it can be tried.</summary>
    public static string? SkipReason => OperatingSystem.IsLinux() && Environment.UserName == "root"
        ? null
        : "mounting a small tmpfs needs root; the fault-injecting storage tests cover the same paths";

    public static SmallTmpfs? TryMount(string path, int kilobytes)
    {
        Directory.CreateDirectory(path);
        return Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k", "tmpfs", path) == 0 ? new SmallTmpfs(path) : null;
    }

    /// <summary>Writes a file until the file system is full.</summary>
    /// <param name="name">The file, inside the tmpfs.</param>
    /// <returns>The file's path; deleting it frees the space.</returns>
    public string Fill(string name)
    {
        string path = System.IO.Path.Combine(Path, name);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        byte[] block = new byte[4096];
        try
        {
            while (true)
            {
                file.Write(block);
            }
        }
        catch (IOException)
        {
            // Full.
        }

        return path;
    }

    public void Dispose() => _ = Run("umount", Path);

    private static int Run(string command, params string[] arguments)
    {
        using Process process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true })!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
