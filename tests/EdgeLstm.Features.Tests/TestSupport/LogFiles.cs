namespace EdgeLstm.Features.Tests.TestSupport;

/// <summary>Writes flow logs the way a logger such as Zeek does while a follower reads them.</summary>
internal static class LogFiles
{
    /// <summary>Writes a new file in <paramref name="directory"/> and returns its path.</summary>
    public static string Write(string directory, string name, string content)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Appends text, sharing the file with a reader that has it open.</summary>
    public static async Task AppendAsync(string path, string text)
    {
        await using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(text);
    }
}
