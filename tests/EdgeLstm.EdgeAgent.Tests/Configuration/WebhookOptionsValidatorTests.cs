using EdgeLstm.EdgeAgent.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Tests.Configuration;

public sealed class WebhookOptionsValidatorTests
{
    private static readonly Dictionary<string, Action<WebhookOptions>> s_changes = new()
    {
        ["http"] = o => o.Url = "http://soc.example/alerts",
        ["relative"] = o => o.Url = "/alerts",
        ["userinfo"] = o => o.Url = "https://user:pw@soc.example/alerts",
        ["both tokens"] = o => (o.BearerToken, o.BearerTokenFile) = ("t", "/etc/hostname"),
        ["token with space"] = o => o.BearerToken = "two words",
        ["missing token file"] = o => o.BearerTokenFile = "/nonexistent/token",
        ["missing ca"] = o => o.CaFile = "/nonexistent/ca.crt",
        ["timeout"] = o => o.TimeoutSeconds = 0,
        ["retry"] = o => o.RetryMaxDelaySeconds = 0,
        ["refused retry"] = o => o.RefusedRetrySeconds = 0,
        ["concurrency"] = o => o.MaxConcurrency = 65,
    };

    public static TheoryData<string, string> InvalidOptions => new()
    {
        { "http", "Webhook:Url" },
        { "relative", "Webhook:Url" },
        { "userinfo", "Webhook:Url" },
        { "both tokens", "Webhook:BearerToken and Webhook:BearerTokenFile" },
        { "token with space", "Webhook:BearerToken" },
        { "missing token file", "Webhook:BearerTokenFile" },
        { "missing ca", "Webhook:CaFile" },
        { "timeout", "Webhook:TimeoutSeconds" },
        { "retry", "Webhook:RetryMaxDelaySeconds" },
        { "refused retry", "Webhook:RefusedRetrySeconds" },
        { "concurrency", "Webhook:MaxConcurrency" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validate_InvalidValue_FailsNamingTheSetting(string change, string setting)
    {
        var options = new WebhookOptions { Url = "https://soc.example/alerts" };
        s_changes[change](options);

        ValidateOptionsResult result = new WebhookOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, failure => failure.StartsWith(setting, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DefaultsAreOffAndValid()
    {
        var options = new WebhookOptions { TimeoutSeconds = 0 };

        Assert.False(options.IsEnabled);
        Assert.True(new WebhookOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_HttpsUrlWithToken_Succeeds() =>
        Assert.True(new WebhookOptionsValidator().Validate(null, new WebhookOptions { Url = "https://soc.example:8443/alerts", BearerToken = "abc" }).Succeeded);
}
