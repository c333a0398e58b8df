using System.Net.Http.Headers;
using System.Security.Authentication;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Mqtt;
using EdgeLstm.EdgeAgent.Outbox;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Delivery;

/// <summary>Posts each alert's JSON payload, byte for byte, to an HTTPS endpoint (<see cref="WebhookOptions"/>); a 2xx
/// answer is the acknowledgement.</summary>
/// <remarks>
/// The request carries <c>Authorization: Bearer</c> when a token is configured and <c>Idempotency-Key</c> with the alert
/// id, so a receiver can drop the duplicates a retry may cause. No answer, a timeout, 408, 429 or 5xx is a failure, retried
/// with a jittered backoff up to <see cref="WebhookOptions.RetryMaxDelaySeconds"/>; any other answer is a refusal, offered
/// again every <see cref="WebhookOptions.RefusedRetrySeconds"/>. The endpoint's certificate must chain to
/// <see cref="WebhookOptions.CaFile"/> when it is set (the system's CAs otherwise) and match the URL's host.
/// </remarks>
internal sealed class WebhookTransport : IAlertTransport, IDisposable
{
    /// <summary>The transport name in logs and on the status topic.</summary>
    public const string TransportName = "webhook";

    private readonly WebhookOptions _options;
    private readonly DeliveryEvents _events;
    private readonly ILogger _logger;
    private readonly Lazy<HttpClient> _client;
    private readonly Lock _lock = new();
    private CaFileTrust? _trust;
    private string? _token;
    private volatile string? _tlsFailure;
    private bool? _reachable;

    /// <summary>Initializes a new instance of the <see cref="WebhookTransport"/> class.</summary>
    /// <param name="options">The webhook options.</param>
    /// <param name="events">The observers, told when the endpoint becomes unreachable or reachable again.</param>
    /// <param name="logger">The logger.</param>
    /// <exception cref="SettingRejectedException">The CA file or token file cannot be used (when the webhook is enabled).</exception>
    public WebhookTransport(IOptions<WebhookOptions> options, DeliveryEvents events, ILogger<WebhookTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _events = events;
        _logger = logger;
        Policy = new DeliveryPolicy(
            _options.MaxConcurrency,
            TimeSpan.FromSeconds(_options.RefusedRetrySeconds),
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(Math.Max(1, _options.RetryMaxDelaySeconds)));
        _client = new Lazy<HttpClient>(CreateClient);
        if (IsEnabled)
        {
            Url = new Uri(_options.Url);
            _ = _client.Value;
            MqttLog.WebhookEnabled(_logger, Url);
        }
    }

    /// <summary>Gets the endpoint, or null when the webhook is off.</summary>
    public Uri? Url { get; }

    /// <inheritdoc/>
    public string Name => TransportName;

    /// <inheritdoc/>
    public bool IsEnabled => _options.IsEnabled;

    /// <inheritdoc/>
    public DeliveryPolicy Policy { get; }

    /// <inheritdoc/>
    public Task WaitUntilReadyAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public async Task<DeliveryResult> DeliverAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Uri url = Url ?? throw new InvalidOperationException("The webhook is not configured.");
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ReadOnlyMemoryContent(entry.Payload),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Idempotency-Key", entry.Id.ToString());
        if (_token is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        DeliveryResult result;
        try
        {
            using HttpResponseMessage response = await _client.Value.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            string answer = $"HTTP {status} {response.ReasonPhrase}".TrimEnd();
            result = response.IsSuccessStatusCode ? DeliveryResult.Delivered
                : status is 408 or 429 || status >= 500 ? DeliveryResult.Failed(answer)
                : DeliveryResult.Refused(answer);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = DeliveryResult.Failed($"no answer within {_options.TimeoutSeconds} s (Webhook:TimeoutSeconds)");
        }
        catch (HttpRequestException exception)
        {
            result = DeliveryResult.Failed(Describe(exception));
        }

        Report(url, result);
        return result;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }

        _trust?.Dispose();
    }

    private void Report(Uri url, DeliveryResult result)
    {
        bool reachable = result.Outcome != DeliveryOutcome.Failed;
        lock (_lock)
        {
            if (_reachable == reachable)
            {
                return;
            }

            bool first = _reachable is null;
            _reachable = reachable;
            if (reachable && first)
            {
                return;
            }
        }

        if (reachable)
        {
            MqttLog.WebhookReachable(_logger, url);
        }
        else
        {
            MqttLog.WebhookUnreachable(_logger, url, result.Reason);
        }

        _events.ConnectionChanged(TransportName, reachable);
    }

    private HttpClient CreateClient()
    {
        _token = _options.BearerTokenFile.Length > 0 ? ReadToken(_options.BearerTokenFile) : _options.BearerToken;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(_options.TimeoutSeconds),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
            UseProxy = false,
        };
        if (_options.CaFile.Length > 0)
        {
            _trust = CaFileTrust.Load(WebhookOptions.SectionName + ":" + nameof(WebhookOptions.CaFile), _options.CaFile);
            CaFileTrust trust = _trust;
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                _tlsFailure = trust.Validate(certificate, chain, errors);
                return _tlsFailure is null;
            };
        }

        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static string ReadToken(string path)
    {
        try
        {
            return WebhookOptionsValidator.ReadTokenFile(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new SettingRejectedException($"Webhook:BearerTokenFile '{path}' cannot be read: {exception.Message}", exception);
        }
    }

    private string Describe(HttpRequestException exception)
    {
        if (exception.InnerException is AuthenticationException && _tlsFailure is { } tls)
        {
            return "TLS handshake failed: " + tls;
        }

        return FailureReason.Describe(exception);
    }
}
