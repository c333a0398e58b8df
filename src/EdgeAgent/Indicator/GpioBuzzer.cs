namespace EdgeLstm.EdgeAgent.Indicator;

/// <summary>Sounds <see cref="BuzzerPattern"/>s on an active buzzer wired to an output line, stepping with a one-shot timer.</summary>
internal sealed class GpioBuzzer : IBuzzer
{
    private readonly IOutputLine _line;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private BuzzerPattern? _pattern;
    private int _step;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="GpioBuzzer"/> class over a line it then owns.</summary>
    /// <param name="line">The buzzer's output line, initially low.</param>
    /// <param name="timeProvider">The clock of the patterns.</param>
    public GpioBuzzer(IOutputLine line, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _line = line;
        _timer = timeProvider.CreateTimer(_ => Advance(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Opens a GPIO line as the buzzer, initially silent.</summary>
    /// <param name="chipName">The chip, <c>gpiochipN</c> or <c>N</c>.</param>
    /// <param name="lineOffset">The line offset on the chip.</param>
    /// <param name="timeProvider">The clock of the patterns.</param>
    /// <returns>The buzzer.</returns>
    /// <exception cref="IOException">libgpiod is not installed, or the chip or line cannot be opened; the message says which.</exception>
    public static GpioBuzzer Open(string chipName, int lineOffset, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return new GpioBuzzer(GpioOutputLine.Open(chipName, lineOffset), timeProvider);
    }

    /// <inheritdoc/>
    public bool Sound(BuzzerPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        lock (_lock)
        {
            if (_disposed || _pattern is not null)
            {
                return false;
            }

            _pattern = pattern;
            _step = 0;
            _line.Set(true);
            _ = _timer.Change(pattern.Steps[0], Timeout.InfiniteTimeSpan);
            return true;
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

    private void Advance()
    {
        lock (_lock)
        {
            if (_disposed || _pattern is null)
            {
                return;
            }

            _step++;
            if (_step == _pattern.Steps.Count)
            {
                // Patterns end silent whatever their length, so the buzzer is never left sounding.
                _line.Set(false);
                _pattern = null;
                return;
            }

            _line.Set(_step % 2 == 0);
            _ = _timer.Change(_pattern.Steps[_step], Timeout.InfiniteTimeSpan);
        }
    }
}
