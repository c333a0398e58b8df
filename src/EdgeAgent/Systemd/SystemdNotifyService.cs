namespace EdgeLstm.EdgeAgent.Systemd;

/// <summary>Tells systemd the agent is ready once every service has started, keeps its watchdog fed, and says when it stops.</summary>
internal sealed class SystemdNotifyService : BackgroundService
{
    private readonly SystemdNotifier _notifier;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="SystemdNotifyService"/> class.</summary>
    /// <param name="notifier">The notifier.</param>
    /// <param name="lifetime">The host lifetime, whose started event means ready.</param>
    /// <param name="timeProvider">The clock of the watchdog.</param>
    /// <param name="logger">The logger.</param>
    public SystemdNotifyService(SystemdNotifier notifier, IHostApplicationLifetime lifetime, TimeProvider timeProvider, ILogger<SystemdNotifyService> logger)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(lifetime);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _notifier = notifier;
        _lifetime = lifetime;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc/>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        TryNotify("STOPPING=1");
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_notifier.IsEnabled)
        {
            return;
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
        }

        TryNotify("READY=1");
        SystemdLog.Ready(_logger, _notifier.WatchdogTimeout);
        if (_notifier.WatchdogTimeout is not { } timeout)
        {
            return;
        }

        // Ping at half the timeout, as sd_watchdog_enabled(3) recommends.
        TimeSpan interval = timeout / 2;
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(interval, _timeProvider, stoppingToken).ConfigureAwait(false);
            TryNotify("WATCHDOG=1");
        }
    }

    private void TryNotify(string state)
    {
        try
        {
            _ = _notifier.Notify(state);
        }
        catch (System.Net.Sockets.SocketException exception)
        {
            SystemdLog.NotifyFailed(_logger, state, exception);
        }
    }
}
