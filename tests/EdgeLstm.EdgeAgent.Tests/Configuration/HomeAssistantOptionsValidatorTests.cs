using EdgeLstm.EdgeAgent.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Tests.Configuration;

public sealed class HomeAssistantOptionsValidatorTests
{
    public static TheoryData<string> InvalidPrefixes => new() { "", "home/+", "home/#", "$SYS", "/homeassistant", "homeassistant/", "a//b" };

    [Theory]
    [MemberData(nameof(InvalidPrefixes))]
    public void Validate_InvalidPrefix_FailsNamingTheSetting(string prefix)
    {
        ValidateOptionsResult result = new HomeAssistantOptionsValidator().Validate(null, new HomeAssistantOptions { DiscoveryPrefix = prefix });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, failure => failure.StartsWith("HomeAssistant:DiscoveryPrefix", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ZeroHold_FailsNamingTheSetting()
    {
        ValidateOptionsResult result = new HomeAssistantOptionsValidator().Validate(null, new HomeAssistantOptions { AttackHoldSeconds = 0 });

        Assert.Contains(result.Failures!, failure => failure.StartsWith("HomeAssistant:AttackHoldSeconds", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Defaults_OffWithHomeAssistantPrefix()
    {
        var options = new HomeAssistantOptions();

        Assert.True(new HomeAssistantOptionsValidator().Validate(null, options).Succeeded);
        Assert.False(options.Enabled);
        Assert.Equal("homeassistant", options.DiscoveryPrefix);
    }
}
