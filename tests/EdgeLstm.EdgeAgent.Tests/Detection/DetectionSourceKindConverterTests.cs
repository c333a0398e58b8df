using System.ComponentModel;
using EdgeLstm.EdgeAgent.Detection;

namespace EdgeLstm.EdgeAgent.Tests.Detection;

public sealed class DetectionSourceKindConverterTests
{
    [Theory]
    [InlineData("live", "Live")]
    [InlineData("Replay", "Replay")]
    [InlineData("ZEEK", "Zeek")]
    public void ConvertFrom_Name_AnyCase_ReturnsTheKind(string text, string kind)
    {
        Assert.Equal(Enum.Parse<DetectionSourceKind>(kind), TypeDescriptor.GetConverter(typeof(DetectionSourceKind)).ConvertFrom(text));
    }

    [Theory]
    [InlineData("wire")]
    [InlineData("1")]
    [InlineData("")]
    public void ConvertFrom_OtherText_ThrowsListingTheSources(string text)
    {
        var error = Assert.Throws<FormatException>(() => TypeDescriptor.GetConverter(typeof(DetectionSourceKind)).ConvertFrom(text));

        Assert.Contains("live, replay, zeek", error.Message, StringComparison.Ordinal);
    }
}
