namespace EdgeLstm.Features.Tests.TestSupport;

/// <summary>Finds the shared public datasets (../shared/datasets next to the repository), which a user's clone may lack.</summary>
internal static class SharedDatasets
{
    public static string? Root { get; } = FindRoot();

    public static string SkipMessage => "the shared datasets (../shared/datasets or $EDGELSTM_DATASETS) are absent";

    /// <summary>Returns the full path of a dataset file, or null when it is absent.</summary>
    public static string? Find(string relativePath)
    {
        if (Root is null)
        {
            return null;
        }

        string path = Path.Combine(Root, relativePath);
        return File.Exists(path) ? path : null;
    }

    private static string? FindRoot()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("EDGELSTM_DATASETS");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeLstm.sln")))
            {
                string candidate = Path.Combine(dir.FullName, "..", "shared", "datasets");
                return Directory.Exists(candidate) ? Path.GetFullPath(candidate) : null;
            }
        }

        return null;
    }
}
