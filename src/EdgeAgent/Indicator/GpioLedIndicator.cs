using System.Runtime.InteropServices;
using EdgeLstm.EdgeAgent.Interop;

namespace EdgeLstm.EdgeAgent.Indicator;

/// <summary>Shows the agent's state on an LED wired to a GPIO line, through libgpiod v1; blinks with a timer.</summary>
internal sealed class GpioLedIndicator : IStatusIndicator
{
    private const string Consumer = "edgelstm-agent";

    private readonly GpiodChipHandle _chip;
    private readonly IntPtr _line;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private bool _lit;
    private bool _disposed;

    private GpioLedIndicator(GpiodChipHandle chip, IntPtr line, TimeProvider timeProvider)
    {
        _chip = chip;
        _line = line;
        _timer = timeProvider.CreateTimer(_ => Toggle(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <inheritdoc/>
    public IndicatorState State { get; private set; }

    /// <summary>Opens a GPIO line as an output, initially off.</summary>
    /// <param name="chipName">The chip name, for example gpiochip0.</param>
    /// <param name="lineOffset">The line offset on the chip.</param>
    /// <param name="timeProvider">The clock of the blink patterns.</param>
    /// <returns>The indicator.</returns>
    /// <exception cref="IOException">The chip or line cannot be opened; the message names the call and errno.</exception>
    /// <exception cref="DllNotFoundException">libgpiod.so.2 is not installed.</exception>
    public static GpioLedIndicator Open(string chipName, int lineOffset, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrEmpty(chipName);
        ArgumentOutOfRangeException.ThrowIfNegative(lineOffset);
        ArgumentNullException.ThrowIfNull(timeProvider);

        GpiodChipHandle chip = Libgpiod.ChipOpenByName(chipName);
        if (chip.IsInvalid)
        {
            int errno = Marshal.GetLastPInvokeError();
            chip.Dispose();
            throw new IOException($"gpiod_chip_open_by_name(\"{chipName}\") failed: {Marshal.GetPInvokeErrorMessage(errno)}.");
        }

        try
        {
            IntPtr line = Libgpiod.ChipGetLine(chip, (uint)lineOffset);
            if (line == IntPtr.Zero)
            {
                throw new IOException($"gpiod_chip_get_line({chipName}, {lineOffset}) failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
            }

            if (Libgpiod.LineRequestOutput(line, Consumer, 0) != 0)
            {
                throw new IOException($"gpiod_line_request_output({chipName}, {lineOffset}) failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
            }

            return new GpioLedIndicator(chip, line, timeProvider);
        }
        catch
        {
            chip.Dispose();
            throw;
        }
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
            Set(false);
            _chip.Dispose();
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

        // A failed write only costs a blink; the next one tries again.
        _ = Libgpiod.LineSetValue(_line, lit ? 1 : 0);
    }
}
