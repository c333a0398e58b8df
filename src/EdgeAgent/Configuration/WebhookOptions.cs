namespace EdgeLstm.EdgeAgent.Configuration;

/// <summary>An HTTPS endpoint (a SOC's collector) that receives every alert as a JSON POST, beside the MQTT broker.</summary>
internal sealed class WebhookOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Webhook";

    /// <summary>Gets or sets the endpoint (an absolute https URL); empty switches the webhook off (the default).</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>Gets or sets the bearer token sent in the Authorization header; empty sends none.</summary>
    public string BearerToken { get; set; } = string.Empty;

    /// <summary>Gets or sets a file holding the bearer token (for example a systemd credential), instead of <see cref="BearerToken"/>.</summary>
    public string BearerTokenFile { get; set; } = string.Empty;

    /// <summary>Gets or sets the CA certificate file (PEM) the endpoint's certificate must chain to; empty uses the system's CAs.</summary>
    public string CaFile { get; set; } = string.Empty;

    /// <summary>Gets or sets the seconds one POST may take, connection and TLS included.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Gets or sets the longest pause, in seconds, between posts to an endpoint that cannot be reached or answers
    /// 408, 429 or 5xx; the pause starts at 1 s and doubles, with jitter.</summary>
    public int RetryMaxDelaySeconds { get; set; } = 60;

    /// <summary>Gets or sets the seconds an alert the endpoint refused (another 4xx answer) waits before it is posted again.</summary>
    public int RefusedRetrySeconds { get; set; } = 300;

    /// <summary>Gets or sets how many posts may await their answer at once.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Gets a value indicating whether the webhook is configured.</summary>
    public bool IsEnabled => Url.Length > 0;
}
