using EdgeLstm.EdgeAgent.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Tests.Configuration;

public sealed class AgentOptionsValidatorTests
{
    public static TheoryData<string, string, string> InvalidOptions => new()
    {
        { "", "edgelstm/{deviceId}", "Agent:DeviceId" },
        { "gw/1", "edgelstm/{deviceId}", "Agent:DeviceId" },
        { "gw+1", "edgelstm/{deviceId}", "Agent:DeviceId" },
        { new string('a', 65), "edgelstm/{deviceId}", "Agent:DeviceId" },
        { "gw1", "", "Agent:TopicPrefix" },
        { "gw1", "edgelstm/#", "Agent:TopicPrefix" },
        { "gw1", "edgelstm/+/x", "Agent:TopicPrefix" },
        { "gw1", "edgelstm/", "Agent:TopicPrefix" },
        { "gw1", "/edgelstm", "Agent:TopicPrefix" },
        { "gw1", "site//{deviceId}", "Agent:TopicPrefix" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validate_InvalidValue_FailsNamingTheSetting(string deviceId, string prefix, string setting)
    {
        var options = new AgentOptions { DeviceId = deviceId, TopicPrefix = prefix };

        ValidateOptionsResult result = new AgentOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, failure => failure.StartsWith(setting, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var options = new AgentOptions { DeviceId = "gw-01.lab_a" };

        Assert.True(new AgentOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void ResolveTopicPrefix_DefaultTemplate_InsertsDeviceId()
    {
        var options = new AgentOptions { DeviceId = "gw-7" };

        Assert.Equal("edgelstm/gw-7", options.ResolveTopicPrefix());
    }
}
