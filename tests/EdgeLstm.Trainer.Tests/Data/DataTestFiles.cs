using System.IO.Compression;
using System.Text;

namespace EdgeLstm.Trainer.Tests.Data;

/// <summary>Finds fixtures and the shared datasets, and writes temporary dataset files (plain or gzip) that are deleted on dispose.</summary>
internal sealed class DataTestFiles : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edgelstm-data-").FullName;

    /// <summary>Gets the shared datasets folder (../shared/datasets next to the repository, or $EDGELSTM_DATASETS), or null when absent.</summary>
    public static string? SharedDatasets { get; } = FindSharedDatasets();

    public static string SkipMessage => "the shared datasets (../shared/datasets next to the repository, or $EDGELSTM_DATASETS) are absent";

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Data", "Fixtures", name);

    public string Write(string name, string content)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    public string WriteGzip(string name, string content) => WriteGzip(name, Encoding.UTF8.GetBytes(content));

    public string WriteGzip(string name, byte[] content)
    {
        string path = Path.Combine(_directory, name);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(content);
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string? FindSharedDatasets()
    {
        if (Environment.GetEnvironmentVariable("EDGELSTM_DATASETS") is { Length: > 0 } configured)
        {
            return Directory.Exists(configured) ? configured : null;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EdgeLstm.sln")))
            {
                string shared = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "datasets"));
                return Directory.Exists(shared) ? shared : null;
            }
        }

        return null;
    }
}
