using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Configuration;

/// <summary>Validates <see cref="MqttOptions"/>, including that the configured TLS files are readable PEM and the client key matches its certificate.</summary>
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

        int failed = failures.Count;
        TlsFileChecks.CheckCertificates(failures, Setting(nameof(MqttOptions.CaFile)), options.CaFile);
        TlsFileChecks.CheckCertificates(failures, Setting(nameof(MqttOptions.CertFile)), options.CertFile);
        bool keyUsable = TlsFileChecks.CheckPrivateKey(failures, Setting(nameof(MqttOptions.KeyFile)), options.KeyFile);
        if (keyUsable && failures.Count == failed && options.CertFile.Length > 0)
        {
            TlsFileChecks.CheckKeyMatchesCertificate(failures, Setting(nameof(MqttOptions.CertFile)), options.CertFile, Setting(nameof(MqttOptions.KeyFile)), options.KeyFile);
        }

        if (options.ReconnectMinDelaySeconds < 1)
        {
            failures.Add($"{Section}:{nameof(MqttOptions.ReconnectMinDelaySeconds)} must be at least 1 (was {options.ReconnectMinDelaySeconds}).");
        }

        if (options.ReconnectMaxDelaySeconds < options.ReconnectMinDelaySeconds)
        {
            failures.Add($"{Section}:{nameof(MqttOptions.ReconnectMaxDelaySeconds)} must be at least {Section}:{nameof(MqttOptions.ReconnectMinDelaySeconds)} (was {options.ReconnectMaxDelaySeconds}).");
        }

        if (options.ConnectTimeoutSeconds is < 1 or > 300)
        {
            failures.Add($"{Section}:{nameof(MqttOptions.ConnectTimeoutSeconds)} must be between 1 and 300 (was {options.ConnectTimeoutSeconds}).");
        }

        if (options.RefusedRetrySeconds is < 1 or > 86400)
        {
            failures.Add($"{Section}:{nameof(MqttOptions.RefusedRetrySeconds)} must be between 1 and 86400 (was {options.RefusedRetrySeconds}).");
        }

        if (options.MaxInflight is < 1 or > 65535)
        {
            failures.Add($"{Section}:{nameof(MqttOptions.MaxInflight)} must be between 1 and 65535 (was {options.MaxInflight}).");
        }

        if (!Enum.IsDefined(options.StartupFailure))
        {
            failures.Add($"{Section}:{nameof(MqttOptions.StartupFailure)} must be Retry or Exit (was {options.StartupFailure}).");
        }

        if (options.StartupTimeoutSeconds is < 1 or > 86400)
        {
            failures.Add($"{Section}:{nameof(MqttOptions.StartupTimeoutSeconds)} must be between 1 and 86400 (was {options.StartupTimeoutSeconds}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Setting(string name) => Section + ":" + name;
}
