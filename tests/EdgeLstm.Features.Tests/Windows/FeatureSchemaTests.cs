using EdgeLstm.Features.Windows;

namespace EdgeLstm.Features.Tests.Windows;

public sealed class FeatureSchemaTests
{
    [Fact]
    public void IsCompatibleWith_DifferentNameOrder_ReturnsFalse()
    {
        var schema = new FeatureSchema("s", 1, ["a", "b"], TimeSpan.FromSeconds(1));

        Assert.True(schema.IsCompatibleWith(new FeatureSchema("s", 1, ["a", "b"], TimeSpan.FromSeconds(1))));
        Assert.False(schema.IsCompatibleWith(new FeatureSchema("s", 1, ["b", "a"], TimeSpan.FromSeconds(1))));
        Assert.False(schema.IsCompatibleWith(new FeatureSchema("s", 2, ["a", "b"], TimeSpan.FromSeconds(1))));
    }

    [Fact]
    public void Constructor_RepeatedName_Throws()
    {
        Assert.Throws<ArgumentException>(() => new FeatureSchema("s", 1, ["a", "a"], TimeSpan.FromSeconds(1)));
    }
}
