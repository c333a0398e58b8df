using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Configuration;

/// <summary>Validates <see cref="MetricsOptions"/>.</summary>
internal sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (options.IntervalSeconds is < 0 or > 86400)
        {
            failures.Add($"{MetricsOptions.SectionName}:{nameof(MetricsOptions.IntervalSeconds)} must be between 0 (off) and 86400 (was {options.IntervalSeconds}).");
        }

        if (options.TemperatureFile.Length > 0 && !Path.IsPathFullyQualified(options.TemperatureFile))
        {
            failures.Add($"{MetricsOptions.SectionName}:{nameof(MetricsOptions.TemperatureFile)} must be an absolute path or empty (was '{options.TemperatureFile}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
