using EdgeLstm.Features.Windows;

namespace EdgeLstm.Features.Tests.Windows;

public sealed class HostWindowFeaturesTests
{
    [Fact]
    public void Definitions_EveryFeature_IsDocumentedInOrderInDocsFeaturesMd()
    {
        string docs = File.ReadAllText(FindDocs());

        for (int i = 0; i < HostWindowFeatures.Count; i++)
        {
            FeatureDefinition definition = HostWindowFeatures.Definitions[i];
            Assert.Contains($"| {i} | `{definition.Name}` | {definition.Unit} |", docs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CreateSchema_OtherWindow_DoesNotFit()
    {
        StoredSchema oneSecond = StoredSchema.Of(HostWindowFeatures.CreateSchema(TimeSpan.FromSeconds(1)));

        Assert.True(SchemaBinding.Match(oneSecond, HostWindowFeatures.CreateSchema(TimeSpan.FromSeconds(1))).Fits);
        Assert.False(SchemaBinding.Match(oneSecond, HostWindowFeatures.CreateSchema(TimeSpan.FromSeconds(2))).Fits);
    }

    private static string FindDocs()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "docs", "features.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/features.md not found above the test directory");
    }
}
