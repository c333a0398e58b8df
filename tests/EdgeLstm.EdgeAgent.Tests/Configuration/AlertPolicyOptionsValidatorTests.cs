using EdgeLstm.EdgeAgent.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Tests.Configuration;

public sealed class AlertPolicyOptionsValidatorTests
{
    private static readonly Dictionary<string, Action<AlertPolicyOptions>> s_changes = new()
    {
        ["windows0"] = o => o.Windows = 0,
        ["windows65"] = o => o.Windows = 65,
        ["kAboveN"] = o => { o.Windows = 3; o.AnomalousWindows = 4; },
        ["k0"] = o => o.AnomalousWindows = 0,
        ["cooldown"] = o => o.CooldownSeconds = -1,
        ["idle"] = o => o.IdleResetSeconds = 0,
        ["entities"] = o => o.MaxEntities = 0,
        ["ratios"] = o => { o.HighRatio = 5; o.CriticalRatio = 4; },
        ["ratioBelowOne"] = o => o.MediumRatio = 0.5,
    };

    public static TheoryData<string, string> InvalidOptions => new()
    {
        { "windows0", "AlertPolicy:Windows" },
        { "windows65", "AlertPolicy:Windows" },
        { "kAboveN", "AlertPolicy:AnomalousWindows" },
        { "k0", "AlertPolicy:AnomalousWindows" },
        { "cooldown", "AlertPolicy:CooldownSeconds" },
        { "idle", "AlertPolicy:IdleResetSeconds" },
        { "entities", "AlertPolicy:MaxEntities" },
        { "ratios", "AlertPolicy:MediumRatio" },
        { "ratioBelowOne", "AlertPolicy:MediumRatio" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validate_InvalidValue_FailsNamingTheSetting(string change, string setting)
    {
        var options = new AlertPolicyOptions();
        s_changes[change](options);

        ValidateOptionsResult result = new AlertPolicyOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, failure => failure.StartsWith(setting, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Defaults_Succeeds() => Assert.True(new AlertPolicyOptionsValidator().Validate(null, new AlertPolicyOptions()).Succeeded);
}
