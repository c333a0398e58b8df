using EdgeLstm.Features.Flows;
using EdgeLstm.Features.Windows;

namespace EdgeLstm.Features.Tests.Windows;

public sealed class SchemaBindingTests
{
    private static readonly FeatureSchema s_oneSecond = HostWindowFeatures.CreateSchema(TimeSpan.FromSeconds(1));

    private static StoredSchema Stored(FeatureSchema schema) => StoredSchema.Of(schema);

    [Fact]
    public void Match_SameSchema_FitsWithNoDifference()
    {
        SchemaMatch match = SchemaBinding.Match(Stored(s_oneSecond), HostWindowFeatures.CreateSchema(TimeSpan.FromSeconds(1)));

        Assert.True(match.Fits);
        Assert.Empty(match.Differences);
        Assert.Equal("fits", match.ToString());
    }

    [Fact]
    public void Match_OtherWindow_NamesBothWindows()
    {
        SchemaMatch match = SchemaBinding.Match(Stored(HostWindowFeatures.CreateSchema(TimeSpan.FromSeconds(5))), s_oneSecond);

        Assert.False(match.Fits);
        Assert.Equal(["window: the model was trained on 5 s windows, the source computes 1 s windows"], match.Differences);
    }

    [Theory]
    [InlineData(0.0, "window: the model was trained on per-record rows (no window), the source computes 1 s windows")]
    [InlineData(double.NaN, "window: the model was trained on an invalid window (NaN s), the source computes 1 s windows")]
    [InlineData(1e308, "window: the model was trained on 1E+308 s windows, the source computes 1 s windows")]
    [InlineData(-1.0, "window: the model was trained on an invalid window (-1 s), the source computes 1 s windows")]
    public void Match_WindowNotStoredOrInvalid_NamesItWithoutThrowing(double window, string expected)
    {
        SchemaMatch match = SchemaBinding.Match(Stored(s_oneSecond) with { WindowSeconds = window }, s_oneSecond);

        Assert.Equal([expected], match.Differences);
    }

    [Fact]
    public void Match_WindowOneTickApart_Fits()
    {
        SchemaMatch match = SchemaBinding.Match(Stored(s_oneSecond) with { WindowSeconds = 1 + 1e-8 }, s_oneSecond);

        Assert.True(match.Fits);
    }

    [Fact]
    public void Match_OtherSchemaNameAndWindow_ListsSchemaWindowAndCountButNoPositions()
    {
        SchemaMatch match = SchemaBinding.Match(Stored(s_oneSecond), FlowFeatures.Schema);

        Assert.Equal(
            [
                $"schema: the model reads edgelstm.host-window v1, the source computes {FlowFeatures.SchemaName} v{FlowFeatures.SchemaVersion}",
                "window: the model was trained on 1 s windows, the source computes per-record rows (no window)",
                $"features: the model reads {s_oneSecond.FeatureCount}, the source computes {FlowFeatures.Schema.FeatureCount}",
            ],
            match.Differences);
    }

    [Fact]
    public void Match_OtherVersion_NamesBothVersions()
    {
        SchemaMatch match = SchemaBinding.Match(Stored(s_oneSecond) with { Version = 2 }, s_oneSecond);

        Assert.Equal(["schema: the model reads edgelstm.host-window v2, the source computes edgelstm.host-window v1"], match.Differences);
    }

    [Fact]
    public void Match_SwappedFeatureNames_NamesThePositions()
    {
        string[] names = [.. s_oneSecond.FeatureNames];
        (names[0], names[1]) = (names[1], names[0]);

        SchemaMatch match = SchemaBinding.Match(Stored(s_oneSecond) with { FeatureNames = names }, s_oneSecond);

        Assert.Equal([$"feature names differ at 2 position(s): 0 is '{names[0]}' in the model, '{names[1]}' in the source; 1 is '{names[1]}' in the model, '{names[0]}' in the source"], match.Differences);
    }

    [Fact]
    public void Match_ManyRenamedFeatures_ListsThreeAndCountsTheRest()
    {
        string[] names = [.. s_oneSecond.FeatureNames.Select(n => "x_" + n)];

        SchemaMatch match = SchemaBinding.Match(Stored(s_oneSecond) with { FeatureNames = names }, s_oneSecond);

        string difference = Assert.Single(match.Differences);
        Assert.StartsWith($"feature names differ at {names.Length} position(s): 0 is 'x_", difference, StringComparison.Ordinal);
        Assert.EndsWith($"; and {names.Length - 3} more", difference, StringComparison.Ordinal);
    }

    [Fact]
    public void Match_DamagedModelSchema_DescribesItWithoutThrowing()
    {
        SchemaMatch match = SchemaBinding.Match(new StoredSchema(null, 0, null, double.PositiveInfinity), s_oneSecond);

        Assert.Equal(3, match.Differences.Count);
        Assert.Contains("an invalid window (Infinity s)", match.Differences[1], StringComparison.Ordinal);
        Assert.Contains("the model reads (none) v0", match.Differences[0], StringComparison.Ordinal);
        Assert.Contains($"the model reads 0, the source computes {s_oneSecond.FeatureCount}", match.Differences[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Match_NullFeatureName_IsADifference()
    {
        string[] names = [.. s_oneSecond.FeatureNames];
        names[3] = null!;

        SchemaMatch match = SchemaBinding.Match(Stored(s_oneSecond) with { FeatureNames = names }, s_oneSecond);

        Assert.Contains("3 is '(null)' in the model", Assert.Single(match.Differences), StringComparison.Ordinal);
    }
}
