using EdgeLstm.EdgeAgent.Indicator;

namespace EdgeLstm.EdgeAgent.Tests.Indicator;

public sealed class GpioChipNameTests
{
    [Theory]
    [InlineData("gpiochip0", 0)]
    [InlineData("gpiochip4", 4)]
    [InlineData("12", 12)]
    public void TryParse_ChipNameOrNumber_ReturnsTheNumber(string name, int expected)
    {
        Assert.True(GpioChipName.TryParse(name, out int chip));
        Assert.Equal(expected, chip);
    }

    [Theory]
    [InlineData("")]
    [InlineData("gpiochip")]
    [InlineData("gpiochip-1")]
    [InlineData("/dev/gpiochip0")]
    [InlineData("pinctrl-bcm2711")]
    public void TryParse_AnythingElse_ReturnsFalse(string name) => Assert.False(GpioChipName.TryParse(name, out _));
}
