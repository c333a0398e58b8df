namespace EdgeLstm.Features.Tests.TestSupport;

/// <summary>Finds files committed in the repository, such as the traffic-lab sample.</summary>
internal static class RepositoryFiles
{
    public static string Find(string relativePath)
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relativePath} not found above {AppContext.BaseDirectory}");
    }
}
