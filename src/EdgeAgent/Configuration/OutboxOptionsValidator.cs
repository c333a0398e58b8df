using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Configuration;

/// <summary>Validates <see cref="OutboxOptions"/>.</summary>
internal sealed class OutboxOptionsValidator : IValidateOptions<OutboxOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, OutboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        const string Section = OutboxOptions.SectionName;

        if (string.IsNullOrWhiteSpace(options.Directory) || !Path.IsPathFullyQualified(options.Directory))
        {
            failures.Add($"{Section}:{nameof(OutboxOptions.Directory)} must be an absolute path (was '{options.Directory}').");
        }

        if (options.MaxRecordBytes is < 256 or > 16 * 1024 * 1024)
        {
            failures.Add($"{Section}:{nameof(OutboxOptions.MaxRecordBytes)} must be between 256 and 16777216 (was {options.MaxRecordBytes}).");
        }

        if (options.MaxBytes < options.MaxRecordBytes)
        {
            failures.Add($"{Section}:{nameof(OutboxOptions.MaxBytes)} must be at least {Section}:{nameof(OutboxOptions.MaxRecordBytes)} ({options.MaxRecordBytes}) (was {options.MaxBytes}).");
        }

        if (options.CompactionThresholdBytes < 0)
        {
            failures.Add($"{Section}:{nameof(OutboxOptions.CompactionThresholdBytes)} must not be negative (was {options.CompactionThresholdBytes}).");
        }

        if (options.RetrySeconds is < 1 or > 3600)
        {
            failures.Add($"{Section}:{nameof(OutboxOptions.RetrySeconds)} must be between 1 and 3600 (was {options.RetrySeconds}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
