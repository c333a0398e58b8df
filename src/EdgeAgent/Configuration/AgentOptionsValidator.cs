using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Configuration;

/// <summary>Validates <see cref="AgentOptions"/>: the device id and the topic prefix must make valid MQTT topics.</summary>
internal sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    private const int MaxDeviceIdLength = 64;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];

        if (string.IsNullOrEmpty(options.DeviceId) || options.DeviceId.Length > MaxDeviceIdLength ||
            !options.DeviceId.All(IsDeviceIdChar))
        {
            failures.Add($"{AgentOptions.SectionName}:{nameof(AgentOptions.DeviceId)} must be 1 to {MaxDeviceIdLength} letters, digits, '.', '_' or '-' (was '{options.DeviceId}').");
        }

        string prefix = options.TopicPrefix ?? string.Empty;
        if (prefix.Length == 0 || prefix.StartsWith('/') || prefix.EndsWith('/') ||
            prefix.IndexOfAny(['+', '#', '$', '\0']) >= 0 || prefix.Contains("//", StringComparison.Ordinal))
        {
            failures.Add($"{AgentOptions.SectionName}:{nameof(AgentOptions.TopicPrefix)} must be a topic without wildcards ('+', '#'), '$' (reserved for broker topics such as $SYS), empty levels or a leading or trailing '/' (was '{prefix}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsDeviceIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
}
