using EdgeLstm.EdgeAgent.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Indicator;

/// <summary>Decides what the status indicator shows (fault without a broker or with an unwritable outbox journal, alert for a while after an alert, running
/// otherwise) and when the buzzer sounds: on the first alert after a quiet hold time, and when the broker connection is lost.</summary>
internal sealed class IndicatorController : IHostedService, IDisposable
{
    private readonly IStatusIndicator _indicator;
    private readonly IBuzzer _buzzer;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _alertHold;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private bool _running;
    private bool _connected;
    private bool _outboxFault;
    private DateTimeOffset _alertUntil = DateTimeOffset.MinValue;

    /// <summary>Initializes a new instance of the <see cref="IndicatorController"/> class.</summary>
    /// <param name="indicator">The indicator hardware (or none).</param>
    /// <param name="options">The indicator options, for the alert hold time.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="buzzer">The buzzer (or none).</param>
    public IndicatorController(IStatusIndicator indicator, IOptions<StatusIndicatorOptions> options, TimeProvider timeProvider, IBuzzer? buzzer = null)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _indicator = indicator;
        _buzzer = buzzer ?? new NullBuzzer();
        _timeProvider = timeProvider;
        _alertHold = TimeSpan.FromSeconds(options.Value.AlertHoldSeconds);
        _timer = timeProvider.CreateTimer(_ => Refresh(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Reports whether the broker connection is up.</summary>
    /// <param name="connected">The connection state.</param>
    public void SetConnected(bool connected)
    {
        lock (_lock)
        {
            _connected = connected;
            Refresh();
        }
    }

    /// <summary>Reports whether the outbox journal cannot be written: the LED shows the fault (alerts are held in memory).</summary>
    /// <param name="faulted">Whether the journal is faulted.</param>
    public void SetOutboxFault(bool faulted)
    {
        lock (_lock)
        {
            _outboxFault = faulted;
            Refresh();
        }
    }

    /// <summary>Sounds the fault pattern once for a broker still unreachable when the start-up wait ends: the LED has
    /// shown the fault since start, but no connection was lost, so nothing else would make a sound.</summary>
    public void NotifyBrokerUnreachableAtStart()
    {
        lock (_lock)
        {
            if (!_connected)
            {
                _ = _buzzer.Sound(BuzzerPattern.Fault);
            }
        }
    }

    /// <summary>Shows the alert pattern for <see cref="StatusIndicatorOptions.AlertHoldSeconds"/>.</summary>
    public void NotifyAlert()
    {
        lock (_lock)
        {
            // Beep for a new episode only: alerts arriving within the hold time of the last one stay silent.
            DateTimeOffset now = _timeProvider.GetUtcNow();
            if (now >= _alertUntil)
            {
                _ = _buzzer.Sound(BuzzerPattern.Alert);
            }

            _alertUntil = now + _alertHold;
            _ = _timer.Change(_alertHold, Timeout.InfiniteTimeSpan);
            Refresh();
        }
    }

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _running = true;
            Refresh();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _running = false;
            Refresh();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Dispose() => _timer.Dispose();

    private void Refresh()
    {
        lock (_lock)
        {
            IndicatorState state =
                !_running ? IndicatorState.Off :
                !_connected || _outboxFault ? IndicatorState.Fault :
                _timeProvider.GetUtcNow() < _alertUntil ? IndicatorState.Alert :
                IndicatorState.Running;
            IndicatorState previous = _indicator.State;
            if (state != previous)
            {
                _indicator.Show(state);

                // Fault from Off is the start before the first connection, not a loss worth a sound.
                if (state == IndicatorState.Fault && previous != IndicatorState.Off)
                {
                    _ = _buzzer.Sound(BuzzerPattern.Fault);
                }
            }
        }
    }
}
