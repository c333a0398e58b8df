using EdgeLstm.Features.Windows;

namespace EdgeLstm.Features.Tests.Windows;

public sealed class FeatureSchemaTests
{
    [Fact]
    public void Constructor_RepeatedName_Throws()
    {
        Assert.Throws<ArgumentException>(() => new FeatureSchema("s", 1, ["a", "a"], TimeSpan.FromSeconds(1)));
    }
}
