using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Mqtt;
using EdgeLstm.EdgeAgent.Outbox;
using EdgeLstm.EdgeAgent.Systemd;

namespace EdgeLstm.EdgeAgent.Delivery;

/// <summary>Delivers the outbox through every enabled <see cref="IAlertTransport"/>, one loop per transport, and removes
/// an alert from the outbox only when all of them acknowledged it.</summary>
/// <remarks>
/// <para>Each loop offers a transport every pending alert it has not acknowledged, oldest first, up to
/// <see cref="DeliveryPolicy.MaxConcurrency"/> at a time. An alert that could not reach the receiver is offered again
/// after a jittered backoff (and, for MQTT, after the reconnect), with its id. An alert the receiver refused waits
/// <see cref="DeliveryPolicy.RefusedRetry"/> before it is offered again, whatever else arrives; the first refusal of an
/// episode is logged as an error and shown on the status topic, later ones at debug level, until the receiver accepts
/// again.</para>
/// <para>Which transports acknowledged an alert is kept in memory only: after a restart an alert that one transport had
/// delivered and another had not is delivered to both again, with its id (the alert contract allows duplicates with the
/// same id, never a loss).</para>
/// <para>An exception from the outbox or a transport is logged and the loop goes on after a pause; it never ends a loop
/// silently.</para>
/// </remarks>
internal sealed class DeliveryCoordinator : BackgroundService
{
    private static readonly TimeSpan s_faultPause = TimeSpan.FromSeconds(1);

    // Longer than any transport's own timeout: a delivery in flight that long means the lane is stuck, and the
    // watchdog then lets systemd restart the agent (an outage is not a stall: nothing is in flight while it waits).
    private static readonly TimeSpan s_stallTimeout = TimeSpan.FromSeconds(120);

    private readonly IAlertOutbox _outbox;
    private readonly TransportLane[] _lanes;
    private readonly AgentStatus _status;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, int> _acknowledgedBy = [];
    private readonly int _allLanes;
    private readonly PipelineLiveness? _liveness;

    /// <summary>Initializes a new instance of the <see cref="DeliveryCoordinator"/> class.</summary>
    /// <param name="outbox">The durable outbox.</param>
    /// <param name="transports">The registered transports; the disabled ones are ignored.</param>
    /// <param name="status">The status source, told about refusals.</param>
    /// <param name="timeProvider">The clock of retries.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="liveness">The watchdog's registry, where each lane reports the deliveries it completes; null in tests.</param>
    /// <exception cref="ArgumentException">More than 30 transports are enabled.</exception>
    public DeliveryCoordinator(IAlertOutbox outbox, IEnumerable<IAlertTransport> transports, AgentStatus status, TimeProvider timeProvider, ILogger<DeliveryCoordinator> logger, PipelineLiveness? liveness = null)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(transports);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _outbox = outbox;
        _status = status;
        _timeProvider = timeProvider;
        _logger = logger;
        _liveness = liveness;
        IAlertTransport[] enabled = [.. transports.Where(t => t.IsEnabled)];
        if (enabled.Length > 30)
        {
            throw new ArgumentException("At most 30 alert transports can be enabled.", nameof(transports));
        }

        _lanes = [.. enabled.Select((t, i) => new TransportLane(t, 1 << i))];
        _allLanes = (1 << enabled.Length) - 1;
    }

    /// <summary>Gets the names of the enabled transports.</summary>
    public IReadOnlyList<string> TransportNames => [.. _lanes.Select(l => l.Transport.Name)];

    /// <summary>Wakes every transport loop, because an alert was stored.</summary>
    public void Wake()
    {
        foreach (TransportLane lane in _lanes)
        {
            _ = lane.Wake.Writer.TryWrite(true);
        }
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_lanes.Length == 0)
        {
            MqttLog.NoTransport(_logger);
            return;
        }

        try
        {
            await Task.WhenAll(_lanes.Select(lane => RunAsync(lane, stoppingToken))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Normal shutdown.
        }
    }

    private async Task RunAsync(TransportLane lane, CancellationToken cancellationToken)
    {
        var backoff = new RetryBackoff(lane.Policy.FailureMinDelay, lane.Policy.FailureMaxDelay, Random.Shared);
        lane.Probe = _liveness?.Register("delivery to " + lane.Transport.Name, s_stallTimeout, () => Volatile.Read(ref lane.InFlight) > 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await lane.Transport.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
                List<OutboxEntry> due = Due(lane, out DateTimeOffset? nextRetry);
                if (due.Count == 0)
                {
                    await WaitForWorkAsync(lane, nextRetry, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (await DeliverAllAsync(lane, due, cancellationToken).ConfigureAwait(false))
                {
                    backoff.Reset();
                }
                else
                {
                    await Task.Delay(backoff.Next(), _timeProvider, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                MqttLog.DeliveryLoopFault(_logger, lane.Transport.Name, exception);
                await Task.Delay(s_faultPause, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private List<OutboxEntry> Due(TransportLane lane, out DateTimeOffset? nextRetry)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        IReadOnlyList<OutboxEntry> pending = _outbox.GetPending();
        nextRetry = null;
        List<OutboxEntry> due = [];
        List<Guid> complete = [];
        lock (_lock)
        {
            var present = new HashSet<Guid>(pending.Count);
            foreach (OutboxEntry entry in pending)
            {
                _ = present.Add(entry.Id);
                if (_acknowledgedBy.TryGetValue(entry.Id, out int mask) && (mask & lane.Bit) != 0)
                {
                    if (mask == _allLanes)
                    {
                        complete.Add(entry.Id);
                    }

                    continue;
                }

                if (lane.RefusedUntil.TryGetValue(entry.Id, out DateTimeOffset until) && until > now)
                {
                    nextRetry = nextRetry is { } earliest && earliest < until ? earliest : until;
                    continue;
                }

                due.Add(entry);
            }

            // Forget alerts that left the outbox some other way (dropped when it was full).
            lane.RefusedUntil.Keys.Where(id => !present.Contains(id)).ToList().ForEach(id => lane.RefusedUntil.Remove(id));
            _acknowledgedBy.Keys.Where(id => !present.Contains(id)).ToList().ForEach(id => _acknowledgedBy.Remove(id));
        }

        // Delivered everywhere, but the outbox did not take the acknowledgement last time (a write error): again.
        foreach (Guid id in complete)
        {
            Acknowledge(id);
        }

        return due;
    }

    private async Task WaitForWorkAsync(TransportLane lane, DateTimeOffset? nextRetry, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (nextRetry is { } retry)
        {
            TimeSpan wait = retry - _timeProvider.GetUtcNow();
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            using ITimer timer = _timeProvider.CreateTimer(_ => timeout.Cancel(), null, wait, Timeout.InfiniteTimeSpan);
            await WaitForWakeAsync(lane, timeout.Token, cancellationToken).ConfigureAwait(false);
            return;
        }

        await WaitForWakeAsync(lane, timeout.Token, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WaitForWakeAsync(TransportLane lane, CancellationToken wait, CancellationToken stopping)
    {
        try
        {
            _ = await lane.Wake.Reader.WaitToReadAsync(wait).ConfigureAwait(false);
            _ = lane.Wake.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            // The next refused alert is due.
        }
    }

    /// <returns><see langword="false"/> when a delivery failed to reach the receiver, so the loop backs off.</returns>
    private async Task<bool> DeliverAllAsync(TransportLane lane, List<OutboxEntry> due, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(lane.Policy.MaxConcurrency);
        List<Task> deliveries = new(due.Count);
        bool reached = true;
        foreach (OutboxEntry entry in due)
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!reached)
            {
                // The receiver is gone: the rest waits for the next round rather than failing one by one.
                _ = slots.Release();
                break;
            }

            deliveries.Add(DeliverOneAsync(lane, entry, slots, () => reached = false, cancellationToken));
        }

        await Task.WhenAll(deliveries).ConfigureAwait(false);
        return reached;
    }

    private async Task DeliverOneAsync(TransportLane lane, OutboxEntry entry, SemaphoreSlim slots, Action unreachable, CancellationToken cancellationToken)
    {
        _ = Interlocked.Increment(ref lane.InFlight);
        try
        {
            DeliveryResult result = await lane.Transport.DeliverAsync(entry, cancellationToken).ConfigureAwait(false);
            switch (result.Outcome)
            {
                case DeliveryOutcome.Delivered:
                    OnDelivered(lane, entry.Id);
                    break;
                case DeliveryOutcome.Refused:
                    OnRefused(lane, entry.Id, result.Reason);
                    break;
                default:
                    MqttLog.DeliveryFailed(_logger, entry.Id, lane.Transport.Name, result.Reason);
                    unreachable();
                    break;
            }
        }
        finally
        {
            _ = Interlocked.Decrement(ref lane.InFlight);
            lane.Probe?.Tick();
            _ = slots.Release();
        }
    }

    private void OnDelivered(TransportLane lane, Guid id)
    {
        bool complete;
        bool episodeOver;
        lock (_lock)
        {
            int mask = (_acknowledgedBy.TryGetValue(id, out int previous) ? previous : 0) | lane.Bit;
            complete = mask == _allLanes;
            _acknowledgedBy[id] = mask;

            _ = lane.RefusedUntil.Remove(id);
            episodeOver = lane.RefusalEpisode && lane.RefusedUntil.Count == 0;
            if (episodeOver)
            {
                lane.RefusalEpisode = false;
            }
        }

        MqttLog.AlertDelivered(_logger, id, lane.Transport.Name);
        if (episodeOver)
        {
            MqttLog.RefusalsOver(_logger, lane.Transport.Name);
            _status.SetDeliveryError(lane.Transport.Name, null);
        }

        if (complete)
        {
            Acknowledge(id);
        }
    }

    private void Acknowledge(Guid id)
    {
        // Forgotten only once the outbox took it; if it throws, the next round of any lane tries again.
        if (_outbox.Acknowledge(id))
        {
            MqttLog.AlertAcknowledged(_logger, id);
        }

        lock (_lock)
        {
            _ = _acknowledgedBy.Remove(id);
        }
    }

    private void OnRefused(TransportLane lane, Guid id, string reason)
    {
        bool first;
        lock (_lock)
        {
            lane.RefusedUntil[id] = _timeProvider.GetUtcNow() + lane.Policy.RefusedRetry;
            first = !lane.RefusalEpisode || lane.LastRefusal != reason;
            lane.RefusalEpisode = true;
            lane.LastRefusal = reason;
        }

        if (first)
        {
            MqttLog.AlertRefused(_logger, id, lane.Transport.Name, reason, (int)lane.Policy.RefusedRetry.TotalSeconds);
        }
        else
        {
            MqttLog.AlertRefusedAgain(_logger, id, lane.Transport.Name, reason);
        }

        _status.SetDeliveryError(lane.Transport.Name, "alerts refused: " + reason);
    }

    private sealed class TransportLane(IAlertTransport transport, int bit)
    {
        public IAlertTransport Transport { get; } = transport;

        public DeliveryPolicy Policy { get; } = transport.Policy;

        public int Bit { get; } = bit;

        public System.Threading.Channels.Channel<bool> Wake { get; } = System.Threading.Channels.Channel.CreateBounded<bool>(
            new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite, SingleReader = true });

        public Dictionary<Guid, DateTimeOffset> RefusedUntil { get; } = [];

        public bool RefusalEpisode { get; set; }

        public string LastRefusal { get; set; } = string.Empty;

        public LivenessProbe? Probe { get; set; }

        // Deliveries in flight, for the liveness probe (a field, for Interlocked).
        public int InFlight;
    }
}
