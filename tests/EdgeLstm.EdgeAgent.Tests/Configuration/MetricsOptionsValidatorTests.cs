using EdgeLstm.EdgeAgent.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Tests.Configuration;

public sealed class MetricsOptionsValidatorTests
{
    [Theory]
    [InlineData(-1, "/sys/class/thermal/thermal_zone0/temp", "Metrics:IntervalSeconds")]
    [InlineData(86401, "/sys/class/thermal/thermal_zone0/temp", "Metrics:IntervalSeconds")]
    [InlineData(60, "thermal/temp", "Metrics:TemperatureFile")]
    public void Validate_InvalidValue_FailsNamingTheSetting(int interval, string file, string setting)
    {
        var options = new MetricsOptions { IntervalSeconds = interval, TemperatureFile = file };

        ValidateOptionsResult result = new MetricsOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, failure => failure.StartsWith(setting, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, "")]
    [InlineData(60, "/sys/class/thermal/thermal_zone0/temp")]
    public void Validate_OffOrDefaults_Succeeds(int interval, string file) =>
        Assert.True(new MetricsOptionsValidator().Validate(null, new MetricsOptions { IntervalSeconds = interval, TemperatureFile = file }).Succeeded);
}
