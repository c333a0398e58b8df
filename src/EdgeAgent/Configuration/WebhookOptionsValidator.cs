using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Configuration;

/// <summary>Validates <see cref="WebhookOptions"/>: an https URL, one token source that can be read, a PEM CA file.</summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    private const string Section = WebhookOptions.SectionName;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsEnabled)
        {
            return ValidateOptionsResult.Success;
        }

        List<string> failures = [];
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out Uri? url) || url.Scheme != Uri.UriSchemeHttps || url.UserInfo.Length > 0)
        {
            failures.Add($"{Section}:{nameof(WebhookOptions.Url)} must be an absolute https URL without user information (was '{options.Url}'); put credentials in {Section}:{nameof(WebhookOptions.BearerToken)}.");
        }

        if (options.BearerToken.Length > 0 && options.BearerTokenFile.Length > 0)
        {
            failures.Add($"{Section}:{nameof(WebhookOptions.BearerToken)} and {Section}:{nameof(WebhookOptions.BearerTokenFile)} must not both be set.");
        }

        if (options.BearerToken.Any(char.IsControl) || options.BearerToken.Contains(' ', StringComparison.Ordinal))
        {
            failures.Add($"{Section}:{nameof(WebhookOptions.BearerToken)} must not hold spaces or control characters.");
        }

        if (options.BearerTokenFile.Length > 0)
        {
            CheckTokenFile(failures, options.BearerTokenFile);
        }

        TlsFileChecks.CheckCertificates(failures, Section + ":" + nameof(WebhookOptions.CaFile), options.CaFile);
        Range(failures, nameof(WebhookOptions.TimeoutSeconds), options.TimeoutSeconds, 1, 300);
        Range(failures, nameof(WebhookOptions.RetryMaxDelaySeconds), options.RetryMaxDelaySeconds, 1, 3600);
        Range(failures, nameof(WebhookOptions.RefusedRetrySeconds), options.RefusedRetrySeconds, 1, 86400);
        Range(failures, nameof(WebhookOptions.MaxConcurrency), options.MaxConcurrency, 1, 64);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Reads the bearer token from its file: the first line, trimmed.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The token.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static string ReadTokenFile(string path) => File.ReadLines(path).FirstOrDefault()?.Trim() ?? string.Empty;

    private static void CheckTokenFile(List<string> failures, string path)
    {
        string setting = Section + ":" + nameof(WebhookOptions.BearerTokenFile);
        try
        {
            string token = ReadTokenFile(path);
            if (token.Length == 0 || token.Any(char.IsControl) || token.Contains(' ', StringComparison.Ordinal))
            {
                failures.Add($"{setting} must hold the token on its first line, without spaces: '{path}'.");
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            failures.Add($"{setting} names a file that cannot be read ({exception.Message}): '{path}'.");
        }
    }

    private static void Range(List<string> failures, string setting, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{Section}:{setting} must be between {min} and {max} (was {value}).");
        }
    }
}
