namespace EdgeLstm.EdgeAgent.Indicator;

/// <summary>Shows the agent's state on an LED wired to an output line (a GPIO line through System.Device.Gpio and libgpiod v1 or v2); blinks with a timer.</summary>
internal sealed class GpioLedIndicator : IStatusIndicator
{
    private readonly IOutputLine _line;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private bool _lit;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="GpioLedIndicator"/> class over a line it then owns.</summary>
    /// <param name="line">The LED's output line.</param>
    /// <param name="timeProvider">The clock of the blink patterns.</param>
    public GpioLedIndicator(IOutputLine line, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _line = line;
        _timer = timeProvider.CreateTimer(_ => Toggle(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <inheritdoc/>
    public IndicatorState State { get; private set; }

    /// <summary>Opens a GPIO line as the LED, initially off.</summary>
    /// <param name="chipName">The chip, <c>gpiochipN</c> or <c>N</c>.</param>
    /// <param name="lineOffset">The line offset on the chip.</param>
    /// <param name="timeProvider">The clock of the blink patterns.</param>
    /// <returns>The indicator.</returns>
    /// <exception cref="IOException">libgpiod is not installed, or the chip or line cannot be opened; the message says which.</exception>
    public static GpioLedIndicator Open(string chipName, int lineOffset, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return new GpioLedIndicator(GpioOutputLine.Open(chipName, lineOffset), timeProvider);
    }

    /// <inheritdoc/>
    public void Show(IndicatorState state)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            State = state;
            switch (state)
            {
                case IndicatorState.Off:
                case IndicatorState.Running:
                    _ = _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                    Set(state == IndicatorState.Running);
                    break;
                case IndicatorState.Alert:
                    StartBlinking(TimeSpan.FromMilliseconds(100));
                    break;
                case IndicatorState.Fault:
                    StartBlinking(TimeSpan.FromSeconds(1));
                    break;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer.Dispose();
            _line.Dispose();
        }
    }

    private void StartBlinking(TimeSpan halfPeriod)
    {
        Set(true);
        _ = _timer.Change(halfPeriod, halfPeriod);
    }

    private void Toggle()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                Set(!_lit);
            }
        }
    }

    private void Set(bool lit)
    {
        _lit = lit;
        _line.Set(lit);
    }
}
