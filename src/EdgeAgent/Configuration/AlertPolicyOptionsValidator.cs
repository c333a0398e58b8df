using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Configuration;

/// <summary>Validates <see cref="AlertPolicyOptions"/>.</summary>
internal sealed class AlertPolicyOptionsValidator : IValidateOptions<AlertPolicyOptions>
{
    private const string Section = AlertPolicyOptions.SectionName;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, AlertPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];

        if (options.Windows is < 1 or > 64)
        {
            failures.Add($"{Section}:{nameof(AlertPolicyOptions.Windows)} must be between 1 and 64 (was {options.Windows}).");
        }

        if (options.AnomalousWindows < 1 || options.AnomalousWindows > options.Windows)
        {
            failures.Add($"{Section}:{nameof(AlertPolicyOptions.AnomalousWindows)} must be between 1 and {Section}:{nameof(AlertPolicyOptions.Windows)} ({options.Windows}) (was {options.AnomalousWindows}).");
        }

        if (options.CooldownSeconds < 0)
        {
            failures.Add($"{Section}:{nameof(AlertPolicyOptions.CooldownSeconds)} must not be negative (was {options.CooldownSeconds}).");
        }

        if (options.IdleResetSeconds < 1)
        {
            failures.Add($"{Section}:{nameof(AlertPolicyOptions.IdleResetSeconds)} must be at least 1 (was {options.IdleResetSeconds}).");
        }

        if (options.MaxEntities is < 1 or > 10_000_000)
        {
            failures.Add($"{Section}:{nameof(AlertPolicyOptions.MaxEntities)} must be between 1 and 10000000 (was {options.MaxEntities}).");
        }

        if (!(options.MediumRatio >= 1 && options.HighRatio >= options.MediumRatio && options.CriticalRatio >= options.HighRatio && double.IsFinite(options.CriticalRatio)))
        {
            failures.Add($"{Section}:{nameof(AlertPolicyOptions.MediumRatio)}, {nameof(AlertPolicyOptions.HighRatio)} and {nameof(AlertPolicyOptions.CriticalRatio)} must be finite and ordered 1 <= medium <= high <= critical (were {options.MediumRatio}, {options.HighRatio}, {options.CriticalRatio}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
