using Microsoft.Extensions.Hosting.Systemd;

namespace EdgeLstm.EdgeAgent.Systemd;

/// <summary>Sends WATCHDOG=1 through <see cref="ISystemdNotifier"/> at half the watchdog timeout, only while every loop
/// in <see cref="PipelineLiveness"/> is alive; Microsoft.Extensions.Hosting.Systemd sends READY=1 and STOPPING=1 but never
/// WATCHDOG=1.</summary>
/// <remarks>A stalled or dead loop stops the pings, so systemd kills the agent at the timeout (SIGABRT) and restarts it:
/// a process whose pipeline no longer works never looks healthy.</remarks>
internal sealed class WatchdogService : BackgroundService
{
    private readonly ISystemdNotifier _notifier;
    private readonly PipelineLiveness _liveness;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly TimeSpan? _timeout;

    /// <summary>Initializes a new instance of the <see cref="WatchdogService"/> class.</summary>
    /// <param name="notifier">The systemd notifier.</param>
    /// <param name="liveness">The loops to ask.</param>
    /// <param name="lifetime">The host lifetime; pings start once the host has started.</param>
    /// <param name="timeProvider">The clock of the pings.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="timeout">The watchdog timeout ($WATCHDOG_USEC), or null when systemd expects no pings.</param>
    public WatchdogService(ISystemdNotifier notifier, PipelineLiveness liveness, IHostApplicationLifetime lifetime, TimeProvider timeProvider, ILogger<WatchdogService> logger, TimeSpan? timeout)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(liveness);
        ArgumentNullException.ThrowIfNull(lifetime);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _notifier = notifier;
        _liveness = liveness;
        _lifetime = lifetime;
        _timeProvider = timeProvider;
        _logger = logger;
        _timeout = timeout;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_notifier.IsEnabled || _timeout is not { } timeout)
        {
            return;
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
        }

        // Ping at half the timeout, as sd_watchdog_enabled(3) recommends.
        TimeSpan interval = timeout / 2;
        SystemdLog.WatchdogStarted(_logger, interval);
        bool withholding = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (_liveness.Check(out string? reason))
            {
                if (withholding)
                {
                    SystemdLog.WatchdogResumed(_logger);
                    withholding = false;
                }

                Notify("WATCHDOG=1");
            }
            else if (!withholding)
            {
                SystemdLog.WatchdogWithheld(_logger, reason!, timeout);
                withholding = true;
            }

            await Task.Delay(interval, _timeProvider, stoppingToken).ConfigureAwait(false);
        }
    }

    private void Notify(string state)
    {
        try
        {
            _notifier.Notify(new ServiceState(state));
        }
        catch (System.Net.Sockets.SocketException exception)
        {
            SystemdLog.NotifyFailed(_logger, state, exception);
        }
    }
}
