using System.Text.Json;
using System.Threading.Channels;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Indicator;
using EdgeLstm.EdgeAgent.Outbox;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Mqtt;

/// <summary>Moves alerts from the outbox to the broker and removes each one only when the broker acknowledged it.</summary>
/// <remarks>
/// Each pending alert is published once per process: after a reconnect the MQTT client itself re-sends
/// the QoS 1 messages still awaiting their PUBACK. Alerts the client refused, or the broker rejected,
/// are published again on the next connection; alerts still pending at a restart are published again
/// by the next process. Either way the alert keeps its id.
/// </remarks>
internal sealed class AlertDispatcher : BackgroundService, IAlertSink
{
    private static readonly TimeSpan s_offlineAckTimeout = TimeSpan.FromSeconds(2);

    private readonly IAlertOutbox _outbox;
    private readonly IAlertPublisher _publisher;
    private readonly AgentStatus _status;
    private readonly IndicatorController _indicator;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly MqttTopics _topics;
    private readonly Channel<bool> _kicks = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly Lock _lock = new();
    private readonly Dictionary<int, Guid> _inFlight = [];
    private readonly HashSet<Guid> _sent = [];
    private readonly TaskCompletionSource _firstConnection = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _connected;
    private volatile bool _statusChanged;
    private int _offlineMessageId = -1;
    private TaskCompletionSource? _offlineAcknowledged;

    /// <summary>Initializes a new instance of the <see cref="AlertDispatcher"/> class.</summary>
    /// <param name="outbox">The durable outbox.</param>
    /// <param name="publisher">The MQTT connection.</param>
    /// <param name="agentOptions">The agent identity, for the topics.</param>
    /// <param name="status">The status source.</param>
    /// <param name="indicator">The status indicator, told about alerts and the connection.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    public AlertDispatcher(
        IAlertOutbox outbox,
        IAlertPublisher publisher,
        IOptions<AgentOptions> agentOptions,
        AgentStatus status,
        IndicatorController indicator,
        TimeProvider timeProvider,
        ILogger<AlertDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(agentOptions);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(indicator);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _outbox = outbox;
        _publisher = publisher;
        _status = status;
        _indicator = indicator;
        _timeProvider = timeProvider;
        _logger = logger;
        _topics = MqttTopics.From(agentOptions.Value);
        _status.Changed += () =>
        {
            _statusChanged = true;
            _ = _kicks.Writer.TryWrite(true);
        };
    }

    /// <summary>Gets a value indicating whether the broker connection is up.</summary>
    public bool IsConnected
    {
        get
        {
            lock (_lock)
            {
                return _connected;
            }
        }
    }

    /// <summary>Gets a task that completes when the broker first accepts the connection.</summary>
    public Task FirstConnection => _firstConnection.Task;

    /// <inheritdoc/>
    public void Submit(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (!double.IsFinite(alert.Score) || !double.IsFinite(alert.Threshold))
        {
            throw new ArgumentException("An alert's score and threshold must be finite numbers.", nameof(alert));
        }

        byte[] payload = JsonSerializer.SerializeToUtf8Bytes(alert, AgentJsonContext.Default.Alert);
        _outbox.Append(new OutboxEntry(alert.Id, payload));
        MqttLog.AlertQueued(_logger, alert.Id, alert.Severity, alert.Entity, alert.Score);
        _indicator.NotifyAlert();
        _ = _kicks.Writer.TryWrite(true);
    }

    /// <inheritdoc/>
    /// <remarks>Starts the MQTT client here rather than in ExecuteAsync, so a client that cannot be configured
    /// (missing libmosquitto, unusable TLS files) fails the host's start and the process exits non-zero.</remarks>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _publisher.Start();
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // A clean stop sends no last will, so say "offline" ourselves while the event loop still runs.
        Task acknowledged = Task.CompletedTask;
        lock (_lock)
        {
            if (_connected)
            {
                try
                {
                    _offlineAcknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    _offlineMessageId = _publisher.Publish(_topics.Status, _status.CreateOfflinePayload((long)_status.Uptime.TotalSeconds), MqttQos.AtLeastOnce, retain: true);
                    acknowledged = _offlineAcknowledged.Task;
                }
                catch (MqttException exception)
                {
                    MqttLog.StatusPublishFailed(_logger, _topics.Status, exception);
                }
            }
        }

        try
        {
            await acknowledged.WaitAsync(s_offlineAckTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The broker is slow or gone; the last will does not fire on a clean disconnect, but the
            // message stays queued in the client until Stop.
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        _publisher.Stop();
        lock (_lock)
        {
            _connected = false;
        }
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Task events = PumpEventsAsync(stoppingToken);
        Task kicks = PumpKicksAsync(stoppingToken);
        try
        {
            await Task.WhenAll(events, kicks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Normal shutdown.
        }
    }

    private async Task PumpEventsAsync(CancellationToken cancellationToken)
    {
        await foreach (PublisherEvent publisherEvent in _publisher.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            lock (_lock)
            {
                Handle(publisherEvent);
            }
        }
    }

    private async Task PumpKicksAsync(CancellationToken cancellationToken)
    {
        await foreach (bool _ in _kicks.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            lock (_lock)
            {
                if (_connected)
                {
                    if (_statusChanged)
                    {
                        _statusChanged = false;
                        PublishStatusOnline();
                    }

                    PublishPending();
                }
            }
        }
    }

    private void Handle(PublisherEvent publisherEvent)
    {
        switch (publisherEvent.Kind)
        {
            case PublisherEventKind.Connected:
                _connected = true;
                _firstConnection.TrySetResult();
                _indicator.SetConnected(true);
                MqttLog.Connected(_logger, _outbox.Count);
                PublishStatusOnline();
                PublishPending();
                break;
            case PublisherEventKind.Disconnected:
                if (_connected || publisherEvent.IsFailure)
                {
                    MqttLog.Disconnected(_logger, $"code {publisherEvent.ReasonCode}");
                }

                _connected = false;
                _indicator.SetConnected(false);
                break;
            case PublisherEventKind.Published:
                OnPublished(publisherEvent);
                break;
        }
    }

    private void OnPublished(PublisherEvent publisherEvent)
    {
        if (publisherEvent.MessageId == _offlineMessageId)
        {
            _offlineAcknowledged?.TrySetResult();
            return;
        }

        if (!_inFlight.Remove(publisherEvent.MessageId, out Guid id))
        {
            return;
        }

        _ = _sent.Remove(id);
        if (publisherEvent.IsFailure)
        {
            MqttLog.AlertRefused(_logger, id, $"reason code 0x{publisherEvent.ReasonCode:X2}");
            return;
        }

        if (_outbox.Acknowledge(id))
        {
            MqttLog.AlertAcknowledged(_logger, id);
        }
    }

    private void PublishStatusOnline()
    {
        try
        {
            _ = _publisher.Publish(_topics.Status, _status.CreateOnlinePayload(), MqttQos.AtLeastOnce, retain: true);
        }
        catch (MqttException exception)
        {
            MqttLog.StatusPublishFailed(_logger, _topics.Status, exception);
        }
    }

    private void PublishPending()
    {
        foreach (OutboxEntry entry in _outbox.GetPending())
        {
            if (_sent.Contains(entry.Id))
            {
                continue;
            }

            try
            {
                int messageId = _publisher.Publish(_topics.Alerts, entry.Payload.Span, MqttQos.AtLeastOnce, retain: false);
                _inFlight[messageId] = entry.Id;
                _ = _sent.Add(entry.Id);
            }
            catch (MqttException exception)
            {
                // Not connected after all, or the client is full: the next connection tries again.
                MqttLog.PublishFailed(_logger, entry.Id, exception);
                return;
            }
        }
    }
}
