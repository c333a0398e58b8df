using EdgeLstm.EdgeAgent.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Tests.Configuration;

public sealed class MqttOptionsValidatorTests
{
    private static readonly Dictionary<string, Action<MqttOptions>> s_changes = new()
    {
        ["case0"] = o => o.Host = " ",
        ["case1"] = o => o.Port = 0,
        ["case2"] = o => o.Port = 65536,
        ["case3"] = o => o.KeepAliveSeconds = 2,
        ["case4"] = o => o.Password = "secret",
        ["case5"] = o => o.CaFile = "/nonexistent/ca.crt",
        ["case6"] = o => o.CertFile = "/etc/hostname",
        ["case7"] = o => { o.CaFile = "/etc/hostname"; o.CertFile = "/etc/hostname"; o.KeyFile = "/nonexistent/key.pem"; },
        ["case8"] = o => o.ReconnectMinDelaySeconds = 0,
        ["case9"] = o => { o.ReconnectMinDelaySeconds = 10; o.ReconnectMaxDelaySeconds = 5; },
        ["case10"] = o => o.MaxInflight = 0,
        ["case11"] = o => o.ClientId = "bad\nid",
    };

    public static TheoryData<string, string> InvalidOptions => new()
    {
        { "case0", "Mqtt:Host" },
        { "case1", "Mqtt:Port" },
        { "case2", "Mqtt:Port" },
        { "case3", "Mqtt:KeepAliveSeconds" },
        { "case4", "Mqtt:Password" },
        { "case5", "Mqtt:CaFile" },
        { "case6", "Mqtt:CertFile" },
        { "case7", "Mqtt:KeyFile" },
        { "case8", "Mqtt:ReconnectMinDelaySeconds" },
        { "case9", "Mqtt:ReconnectMaxDelaySeconds" },
        { "case10", "Mqtt:MaxInflight" },
        { "case11", "Mqtt:ClientId" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validate_InvalidValue_FailsNamingTheSetting(string change, string setting)
    {
        var options = new MqttOptions();
        s_changes[change](options);

        ValidateOptionsResult result = new MqttOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, failure => failure.StartsWith(setting, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Defaults_Succeeds() => Assert.True(new MqttOptionsValidator().Validate(null, new MqttOptions()).Succeeded);

    [Fact]
    public void Validate_TlsWithExistingFiles_Succeeds()
    {
        var options = new MqttOptions { CaFile = "/etc/hostname", CertFile = "/etc/hostname", KeyFile = "/etc/hostname", Username = "u", Password = "p" };

        Assert.True(new MqttOptionsValidator().Validate(null, options).Succeeded);
        Assert.True(options.UseTls);
    }

    [Fact]
    public void ResolveClientId_Empty_DerivesFromDeviceId()
    {
        Assert.Equal("edgelstm-gw1", new MqttOptions().ResolveClientId("gw1"));
        Assert.Equal("custom", new MqttOptions { ClientId = "custom" }.ResolveClientId("gw1"));
    }
}
