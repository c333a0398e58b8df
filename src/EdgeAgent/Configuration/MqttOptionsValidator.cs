using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Configuration;

/// <summary>Validates <see cref="MqttOptions"/>, including that the configured TLS files exist.</summary>
internal sealed class MqttOptionsValidator : IValidateOptions<MqttOptions>
{
    private const string Section = MqttOptions.SectionName;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, MqttOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];

        if (string.IsNullOrWhiteSpace(options.Host))
        {
            failures.Add($"{Section}:{nameof(MqttOptions.Host)} must not be empty.");
        }

        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"{Section}:{nameof(MqttOptions.Port)} must be between 1 and 65535 (was {options.Port}).");
        }

        if (options.KeepAliveSeconds is < 5 or > 65535)
        {
            failures.Add($"{Section}:{nameof(MqttOptions.KeepAliveSeconds)} must be between 5 and 65535 (was {options.KeepAliveSeconds}).");
        }

        if (options.ClientId.Length > 0 && (options.ClientId.Length > 128 || options.ClientId.Any(char.IsControl)))
        {
            failures.Add($"{Section}:{nameof(MqttOptions.ClientId)} must be at most 128 printable characters.");
        }

        if (options.Password.Length > 0 && options.Username.Length == 0)
        {
            failures.Add($"{Section}:{nameof(MqttOptions.Password)} is set but {Section}:{nameof(MqttOptions.Username)} is empty.");
        }

        if ((options.CertFile.Length > 0) != (options.KeyFile.Length > 0))
        {
            failures.Add($"{Section}:{nameof(MqttOptions.CertFile)} and {Section}:{nameof(MqttOptions.KeyFile)} must be set together.");
        }

        if (options.CertFile.Length > 0 && options.CaFile.Length == 0)
        {
            failures.Add($"{Section}:{nameof(MqttOptions.CertFile)} needs {Section}:{nameof(MqttOptions.CaFile)} (a client certificate is only used over TLS).");
        }

        CheckFile(failures, nameof(MqttOptions.CaFile), options.CaFile);
        CheckFile(failures, nameof(MqttOptions.CertFile), options.CertFile);
        CheckFile(failures, nameof(MqttOptions.KeyFile), options.KeyFile);

        if (options.ReconnectMinDelaySeconds < 1)
        {
            failures.Add($"{Section}:{nameof(MqttOptions.ReconnectMinDelaySeconds)} must be at least 1 (was {options.ReconnectMinDelaySeconds}).");
        }

        if (options.ReconnectMaxDelaySeconds < options.ReconnectMinDelaySeconds)
        {
            failures.Add($"{Section}:{nameof(MqttOptions.ReconnectMaxDelaySeconds)} must be at least {Section}:{nameof(MqttOptions.ReconnectMinDelaySeconds)} (was {options.ReconnectMaxDelaySeconds}).");
        }

        if (options.MaxInflight is < 1 or > 65535)
        {
            failures.Add($"{Section}:{nameof(MqttOptions.MaxInflight)} must be between 1 and 65535 (was {options.MaxInflight}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckFile(List<string> failures, string setting, string path)
    {
        if (path.Length > 0 && !File.Exists(path))
        {
            failures.Add($"{Section}:{setting} names a file that does not exist or cannot be read: '{path}'.");
        }
    }
}
