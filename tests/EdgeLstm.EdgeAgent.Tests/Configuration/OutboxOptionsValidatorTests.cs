using EdgeLstm.EdgeAgent.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Tests.Configuration;

public sealed class OutboxOptionsValidatorTests
{
    private static readonly Dictionary<string, Action<OutboxOptions>> s_changes = new()
    {
        ["case0"] = o => o.Directory = "relative/outbox",
        ["case1"] = o => o.Directory = "",
        ["case2"] = o => o.MaxRecordBytes = 100,
        ["case3"] = o => o.MaxBytes = 1000,
        ["case4"] = o => o.CompactionThresholdBytes = -1,
    };

    public static TheoryData<string, string> InvalidOptions => new()
    {
        { "case0", "Outbox:Directory" },
        { "case1", "Outbox:Directory" },
        { "case2", "Outbox:MaxRecordBytes" },
        { "case3", "Outbox:MaxBytes" },
        { "case4", "Outbox:CompactionThresholdBytes" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validate_InvalidValue_FailsNamingTheSetting(string change, string setting)
    {
        var options = new OutboxOptions();
        s_changes[change](options);

        ValidateOptionsResult result = new OutboxOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, failure => failure.StartsWith(setting, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Defaults_Succeeds() => Assert.True(new OutboxOptionsValidator().Validate(null, new OutboxOptions()).Succeeded);
}
