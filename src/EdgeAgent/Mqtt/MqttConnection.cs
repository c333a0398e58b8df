using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Delivery;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeLstm.EdgeAgent.Mqtt;

/// <summary>The agent's MQTT session over MQTTnet: connects, reconnects with jittered backoff, keeps the retained status
/// topic (online after each connect and on every status change, offline at a clean stop, offline as the last will) and
/// publishes the retained announcements.</summary>
/// <remarks>
/// MQTTnet 5 has no managed client, so the reconnect loop is here: after a failed attempt or a lost connection it waits a
/// jittered delay that doubles from <see cref="MqttOptions.ReconnectMinDelaySeconds"/> up to
/// <see cref="MqttOptions.ReconnectMaxDelaySeconds"/>. Every failure is logged with its reason (connection refused, name
/// resolution, the TLS verdict, the broker's CONNACK code such as NotAuthorized, which MQTTnet returns without throwing);
/// a failure repeating the previous reason is logged at debug level. Messages are not queued by the client: a publish while
/// disconnected fails at once, and a QoS 1 publish cut off by a lost connection fails; the outbox re-sends them.
/// </remarks>
internal sealed class MqttConnection : BackgroundService, IMqttConnection
{
    /// <summary>The transport name in logs and on the status topic.</summary>
    public const string TransportName = "mqtt";

    private static readonly TimeSpan s_offlineAckTimeout = TimeSpan.FromSeconds(2);

    private readonly MqttOptions _options;
    private readonly string _clientId;
    private readonly MqttTopics _topics;
    private readonly AgentStatus _status;
    private readonly IMqttAnnouncements[] _announcements;
    private readonly DeliveryEvents _events;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IMqttClient _client;
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _firstConnection = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CaFileTrust? _trust;
    private X509Certificate2? _clientCertificate;
    private MqttClientOptions? _clientOptions;
    private volatile string? _tlsFailure;
    private volatile bool _statusChanged;
    private readonly Channel<bool> _statusSignal = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Initializes a new instance of the <see cref="MqttConnection"/> class.</summary>
    /// <param name="mqttOptions">The broker options.</param>
    /// <param name="agentOptions">The agent identity, for the client id and the topics.</param>
    /// <param name="status">The status source, for the status topic and the last will.</param>
    /// <param name="announcements">The retained messages to publish after each connect.</param>
    /// <param name="events">The observers, told when the connection goes up or down.</param>
    /// <param name="timeProvider">The clock of the backoff.</param>
    /// <param name="logger">The logger.</param>
    public MqttConnection(
        IOptions<MqttOptions> mqttOptions,
        IOptions<AgentOptions> agentOptions,
        AgentStatus status,
        IEnumerable<IMqttAnnouncements> announcements,
        DeliveryEvents events,
        TimeProvider timeProvider,
        ILogger<MqttConnection> logger)
    {
        ArgumentNullException.ThrowIfNull(mqttOptions);
        ArgumentNullException.ThrowIfNull(agentOptions);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(announcements);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = mqttOptions.Value;
        _clientId = _options.ResolveClientId(agentOptions.Value.DeviceId);
        _topics = MqttTopics.From(agentOptions.Value);
        _status = status;
        _announcements = [.. announcements];
        _events = events;
        _timeProvider = timeProvider;
        _logger = logger;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.DisconnectedAsync += OnDisconnectedAsync;
        _status.Changed += () =>
        {
            _statusChanged = true;
            _ = _statusSignal.Writer.TryWrite(true);
        };
    }

    /// <inheritdoc/>
    public bool IsConnected => _client.IsConnected;

    /// <inheritdoc/>
    public Task FirstConnection => _firstConnection.Task;

    /// <inheritdoc/>
    public Task WaitConnectedAsync(CancellationToken cancellationToken)
    {
        Task connected;
        lock (_lock)
        {
            connected = _connected.Task;
        }

        return connected.WaitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<MqttPublishOutcome> PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQos qos, bool retain, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        MqttApplicationMessage message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayloadSegment(payload)
            .WithQualityOfServiceLevel(qos == MqttQos.AtLeastOnce ? MqttQualityOfServiceLevel.AtLeastOnce : MqttQualityOfServiceLevel.AtMostOnce)
            .WithRetainFlag(retain)
            .Build();
        try
        {
            MqttClientPublishResult result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            return new MqttPublishOutcome((int)result.ReasonCode, result.ReasonCode.ToString(), result.ReasonString);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (exception is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException
            or InvalidOperationException or ObjectDisposedException)
        {
            throw new MqttException($"Publishing on {topic} failed: {FailureReason.Describe(exception)}", exception);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Reads the TLS files here rather than in ExecuteAsync, so files that cannot be used fail the host's start
    /// and the process exits with the configuration error code.</remarks>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _clientOptions = BuildClientOptions();
        MqttLog.Connecting(_logger, _options.Host, _options.Port, _clientId, _options.Protocol == MqttProtocol.V5 ? "5" : "3.1.1", _options.UseTls);
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_client.IsConnected)
        {
            // A clean stop sends no last will, so say "offline" ourselves and wait briefly for the PUBACK.
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(s_offlineAckTimeout);
                byte[] offline = _status.CreateOfflinePayload((long)_status.Uptime.TotalSeconds);
                _ = await PublishAsync(_topics.Status, offline, MqttQos.AtLeastOnce, retain: true, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is MqttException or OperationCanceledException)
            {
                MqttLog.StatusPublishFailed(_logger, _topics.Status, exception.Message);
            }

            try
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
                // Gone already; the broker sends the last will, which also says offline.
            }
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _client.Dispose();
        _trust?.Dispose();
        _clientCertificate?.Dispose();
        base.Dispose();
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        MqttClientOptions options = _clientOptions ?? throw new InvalidOperationException("The connection was not started.");
        var backoff = new RetryBackoff(TimeSpan.FromSeconds(_options.ReconnectMinDelaySeconds), TimeSpan.FromSeconds(_options.ReconnectMaxDelaySeconds), Random.Shared);
        string? lastFailure = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            string? failure;
            try
            {
                failure = await TryConnectAsync(options, stoppingToken).ConfigureAwait(false);
                if (stoppingToken.IsCancellationRequested)
                {
                    break;
                }

                if (failure is null)
                {
                    lastFailure = null;
                    backoff.Reset();
                    await RunSessionAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // Whatever failed, the session loop must go on: alerts wait in the outbox for the next session.
                MqttLog.SessionFault(_logger, exception);
                failure = null;
            }

            if (failure is not null)
            {
                TimeSpan delay = backoff.Next();
                if (failure != lastFailure)
                {
                    MqttLog.ConnectFailed(_logger, _options.Host, _options.Port, failure, delay.TotalSeconds);
                    lastFailure = failure;
                }
                else
                {
                    MqttLog.ConnectFailedAgain(_logger, _options.Host, _options.Port, failure, delay.TotalSeconds);
                }

                await DelayAsync(delay, stoppingToken).ConfigureAwait(false);
                continue;
            }

            if (!stoppingToken.IsCancellationRequested)
            {
                await DelayAsync(backoff.Next(), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<string?> TryConnectAsync(MqttClientOptions options, CancellationToken cancellationToken)
    {
        _tlsFailure = null;
        try
        {
            MqttClientConnectResult result = await _client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                string text = string.IsNullOrEmpty(result.ReasonString) ? string.Empty : ": " + result.ReasonString;
                return $"the broker refused the connection: {result.ResultCode} (0x{(int)result.ResultCode:X2}){text}";
            }

            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return _tlsFailure is { } tls ? "TLS handshake failed: " + tls : FailureReason.Describe(exception);
        }
    }

    private async Task RunSessionAsync(CancellationToken cancellationToken)
    {
        Task disconnected;
        lock (_lock)
        {
            // Lost already, before this session began: OnDisconnectedAsync ran first and the loop connects again.
            if (!_client.IsConnected)
            {
                return;
            }

            disconnected = _disconnected.Task;
            _ = _connected.TrySetResult();
        }

        MqttLog.Connected(_logger, _options.Host, _options.Port);
        _firstConnection.TrySetResult();
        _events.ConnectionChanged(TransportName, connected: true);
        _statusChanged = false;
        await PublishStatusAndAnnouncementsAsync(cancellationToken).ConfigureAwait(false);

        // Republish the status when it changes, until the connection drops or the agent stops.
        while (!disconnected.IsCompleted && !cancellationToken.IsCancellationRequested)
        {
            Task changed = _statusSignal.Reader.WaitToReadAsync(cancellationToken).AsTask();
            if (await Task.WhenAny(changed, disconnected).ConfigureAwait(false) != changed || !changed.IsCompletedSuccessfully)
            {
                break;
            }

            _ = _statusSignal.Reader.TryRead(out _);
            if (_statusChanged)
            {
                _statusChanged = false;
                await PublishStatusAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        _events.ConnectionChanged(TransportName, connected: false);
    }

    private async Task PublishStatusAndAnnouncementsAsync(CancellationToken cancellationToken)
    {
        await PublishStatusAsync(cancellationToken).ConfigureAwait(false);
        foreach (IMqttAnnouncements source in _announcements)
        {
            foreach ((string topic, byte[] payload) in source.GetAnnouncements())
            {
                await PublishRetainedAsync(topic, payload, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private Task PublishStatusAsync(CancellationToken cancellationToken) =>
        PublishRetainedAsync(_topics.Status, _status.CreateOnlinePayload(), cancellationToken);

    private async Task PublishRetainedAsync(string topic, byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            MqttPublishOutcome outcome = await PublishAsync(topic, payload, MqttQos.AtLeastOnce, retain: true, cancellationToken).ConfigureAwait(false);
            if (outcome.IsRefused)
            {
                MqttLog.StatusRefused(_logger, topic, outcome.Describe());
            }
        }
        catch (MqttException exception)
        {
            MqttLog.StatusPublishFailed(_logger, topic, exception.Message);
        }
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs args)
    {
        if (!args.ClientWasConnected)
        {
            return Task.CompletedTask;
        }

        TaskCompletionSource disconnected;
        lock (_lock)
        {
            _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            disconnected = _disconnected;
            _disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        string reason = args.Exception is { } exception ? FailureReason.Describe(exception) : args.Reason.ToString();
        if (!string.IsNullOrEmpty(args.ReasonString))
        {
            reason += ": " + args.ReasonString;
        }

        MqttLog.Disconnected(_logger, reason);
        _ = disconnected.TrySetResult();
        return Task.CompletedTask;
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private MqttClientOptions BuildClientOptions()
    {
        byte[] will = _status.CreateOfflinePayload(uptimeSeconds: null);
        MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Host, _options.Port)
            .WithClientId(_clientId)
            .WithProtocolVersion(_options.Protocol == MqttProtocol.V5 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(_options.KeepAliveSeconds))
            .WithTimeout(TimeSpan.FromSeconds(_options.ConnectTimeoutSeconds))
            .WithWillTopic(_topics.Status)
            .WithWillPayload(will)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillRetain(true);
        if (_options.Username.Length > 0)
        {
            builder = builder.WithCredentials(_options.Username, _options.Password);
        }

        if (_options.UseTls)
        {
            _trust = CaFileTrust.Load(MqttOptions.SectionName + ":" + nameof(MqttOptions.CaFile), _options.CaFile);
            _clientCertificate = _options.CertFile.Length > 0 ? LoadClientCertificate(_options.CertFile, _options.KeyFile) : null;
            CaFileTrust trust = _trust;
            X509Certificate2? clientCertificate = _clientCertificate;
            builder = builder.WithTlsOptions(o =>
            {
                o.UseTls()
                    .WithTargetHost(_options.Host)
                    .WithCertificateValidationHandler(args =>
                    {
                        _tlsFailure = trust.Validate(args.Certificate, args.Chain, args.SslPolicyErrors);
                        return _tlsFailure is null;
                    });
                if (clientCertificate is { } certificate)
                {
                    o.WithClientCertificates([certificate]);
                }
            });
        }

        return builder.Build();
    }

    private static X509Certificate2 LoadClientCertificate(string certFile, string keyFile)
    {
        try
        {
            // Linux keeps an ephemeral key usable for the handshake, so the PEM pair needs no PKCS#12 round trip.
            return X509Certificate2.CreateFromPemFile(certFile, keyFile);
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new SettingRejectedException(
                $"the client certificate Mqtt:CertFile '{certFile}' with Mqtt:KeyFile '{keyFile}' cannot be used (a file that cannot be read, or a key that is not the certificate's): {exception.Message}",
                exception);
        }
    }
}
