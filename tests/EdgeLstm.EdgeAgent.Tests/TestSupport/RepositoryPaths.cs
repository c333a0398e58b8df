namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>Finds files of the repository from the test output directory.</summary>
internal static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "EdgeLstm.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("EdgeLstm.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Deploy(params string[] parts) => Path.Combine([Root, "deploy", .. parts]);
}
