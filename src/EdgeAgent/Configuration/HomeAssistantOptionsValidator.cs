using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Configuration;

/// <summary>Validates <see cref="HomeAssistantOptions"/>.</summary>
internal sealed class HomeAssistantOptionsValidator : IValidateOptions<HomeAssistantOptions>
{
    private const string Section = HomeAssistantOptions.SectionName;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, HomeAssistantOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        string prefix = options.DiscoveryPrefix ?? string.Empty;
        if (prefix.Length == 0 || prefix.Split('/').Any(level => level.Length == 0 || level.IndexOfAny(['+', '#', '$']) >= 0))
        {
            failures.Add($"{Section}:{nameof(HomeAssistantOptions.DiscoveryPrefix)} must be a topic without wildcards, '$', empty levels or a leading or trailing '/' (was '{prefix}').");
        }

        if (options.AttackHoldSeconds is < 1 or > 86400)
        {
            failures.Add($"{Section}:{nameof(HomeAssistantOptions.AttackHoldSeconds)} must be between 1 and 86400 (was {options.AttackHoldSeconds}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
