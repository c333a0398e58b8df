using EdgeLstm.EdgeAgent.Indicator;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Configuration;

/// <summary>Validates <see cref="StatusIndicatorOptions"/> for the configured kind only.</summary>
internal sealed class StatusIndicatorOptionsValidator : IValidateOptions<StatusIndicatorOptions>
{
    private const string Section = StatusIndicatorOptions.SectionName;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, StatusIndicatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];

        if (!Enum.IsDefined(options.Kind))
        {
            failures.Add($"{Section}:{nameof(StatusIndicatorOptions.Kind)} must be None, SysfsLed or Gpio (was {options.Kind}).");
        }

        if (options.Kind == StatusIndicatorKind.SysfsLed &&
            (options.LedName.Length == 0 || options.LedName.Contains('/', StringComparison.Ordinal) || options.LedName is "." or ".."))
        {
            failures.Add($"{Section}:{nameof(StatusIndicatorOptions.LedName)} must name one LED under {Section}:{nameof(StatusIndicatorOptions.SysfsRoot)} when Kind is SysfsLed (was '{options.LedName}').");
        }

        if (options.Kind == StatusIndicatorKind.Gpio)
        {
            if (!GpioChipName.TryParse(options.GpioChip, out _))
            {
                failures.Add($"{Section}:{nameof(StatusIndicatorOptions.GpioChip)} must be a chip name gpiochipN or a chip number N when Kind is Gpio (was '{options.GpioChip}').");
            }

            if (options.GpioLine == -1)
            {
                failures.Add($"{Section}:{nameof(StatusIndicatorOptions.GpioLine)} must be a line offset (0 or more) when Kind is Gpio (was {options.GpioLine}).");
            }
        }

        if (options.GpioLine < -1)
        {
            failures.Add($"{Section}:{nameof(StatusIndicatorOptions.GpioLine)} must be a line offset (0 or more), or -1 for none (was {options.GpioLine}).");
        }

        if (options.BuzzerLine < -1)
        {
            failures.Add($"{Section}:{nameof(StatusIndicatorOptions.BuzzerLine)} must be a line offset (0 or more), or -1 for no buzzer (was {options.BuzzerLine}).");
        }

        if (options.BuzzerLine >= 0 && !GpioChipName.TryParse(options.GpioChip, out _))
        {
            failures.Add($"{Section}:{nameof(StatusIndicatorOptions.GpioChip)} must be a chip name gpiochipN or a chip number N when {Section}:{nameof(StatusIndicatorOptions.BuzzerLine)} is set (was '{options.GpioChip}').");
        }

        if (options.BuzzerLine >= 0 && options.Kind == StatusIndicatorKind.Gpio && options.BuzzerLine == options.GpioLine)
        {
            failures.Add($"{Section}:{nameof(StatusIndicatorOptions.BuzzerLine)} must differ from {Section}:{nameof(StatusIndicatorOptions.GpioLine)} (both are {options.BuzzerLine}).");
        }

        if (options.AlertHoldSeconds is < 1 or > 86400)
        {
            failures.Add($"{Section}:{nameof(StatusIndicatorOptions.AlertHoldSeconds)} must be between 1 and 86400 (was {options.AlertHoldSeconds}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
