using EdgeLstm.EdgeAgent.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Tests.Configuration;

public sealed class StatusIndicatorOptionsValidatorTests
{
    private static readonly Dictionary<string, Action<StatusIndicatorOptions>> s_changes = new()
    {
        ["case0"] = o => o.Kind = (StatusIndicatorKind)7,
        ["case1"] = o => o.Kind = StatusIndicatorKind.SysfsLed,
        ["case2"] = o => { o.Kind = StatusIndicatorKind.SysfsLed; o.LedName = "../etc"; },
        ["case3"] = o => o.Kind = StatusIndicatorKind.Gpio,
        ["case4"] = o => { o.Kind = StatusIndicatorKind.Gpio; o.GpioLine = 17; o.GpioChip = ""; },
        ["case5"] = o => o.AlertHoldSeconds = 0,
        ["case6"] = o => o.BuzzerLine = -2,
        ["case7"] = o => { o.BuzzerLine = 27; o.GpioChip = " "; },
        ["case8"] = o => { o.Kind = StatusIndicatorKind.Gpio; o.GpioLine = 17; o.BuzzerLine = 17; },
    };

    public static TheoryData<string, string> InvalidOptions => new()
    {
        { "case0", "StatusIndicator:Kind" },
        { "case1", "StatusIndicator:LedName" },
        { "case2", "StatusIndicator:LedName" },
        { "case3", "StatusIndicator:GpioLine" },
        { "case4", "StatusIndicator:GpioChip" },
        { "case5", "StatusIndicator:AlertHoldSeconds" },
        { "case6", "StatusIndicator:BuzzerLine" },
        { "case7", "StatusIndicator:GpioChip" },
        { "case8", "StatusIndicator:BuzzerLine" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validate_InvalidValue_FailsNamingTheSetting(string change, string setting)
    {
        var options = new StatusIndicatorOptions();
        s_changes[change](options);

        ValidateOptionsResult result = new StatusIndicatorOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, failure => failure.StartsWith(setting, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DefaultsAreOff_Succeeds()
    {
        var options = new StatusIndicatorOptions();

        Assert.Equal(StatusIndicatorKind.None, options.Kind);
        Assert.Equal(-1, options.BuzzerLine);
        Assert.True(new StatusIndicatorOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_BuzzerWithSysfsLed_Succeeds()
    {
        var options = new StatusIndicatorOptions { Kind = StatusIndicatorKind.SysfsLed, LedName = "ACT", BuzzerLine = 17 };

        Assert.True(new StatusIndicatorOptionsValidator().Validate(null, options).Succeeded);
    }
}
