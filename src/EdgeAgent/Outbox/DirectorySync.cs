using System.Runtime.InteropServices;

namespace EdgeLstm.EdgeAgent.Outbox;

/// <summary>Flushes a directory entry to disk, so a rename survives a power cut.</summary>
/// <remarks>.NET cannot open a directory for fsync, hence these three libc calls.</remarks>
internal static partial class DirectorySync
{
    // The glibc soname: plain "libc" would need the libc6-dev linker script, absent on a Pi.
    private const string LibC = "libc.so.6";

    // O_RDONLY: opening a directory needs no O_DIRECTORY, whose value differs between x64 and Arm64.
    private const int ReadOnly = 0;

    /// <summary>Calls fsync on a directory.</summary>
    /// <param name="directory">The directory.</param>
    /// <exception cref="IOException">open or fsync failed; the message names the call and errno.</exception>
    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        int fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"open(\"{directory}\") failed: errno {Marshal.GetLastPInvokeError()}.");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync(\"{directory}\") failed: errno {Marshal.GetLastPInvokeError()}.");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport(LibC, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport(LibC, EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport(LibC, EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
