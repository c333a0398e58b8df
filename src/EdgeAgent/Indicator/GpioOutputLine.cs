using System.Runtime.InteropServices;
using EdgeLstm.EdgeAgent.Interop;

namespace EdgeLstm.EdgeAgent.Indicator;

/// <summary>A GPIO line requested as an output through libgpiod v1; the one place the agent opens GPIO lines.</summary>
internal sealed class GpioOutputLine : IOutputLine
{
    private const string Consumer = "edgelstm-agent";

    private readonly GpiodChipHandle _chip;
    private readonly IntPtr _line;

    private GpioOutputLine(GpiodChipHandle chip, IntPtr line)
    {
        _chip = chip;
        _line = line;
    }

    /// <summary>Opens a GPIO line as an output, initially low.</summary>
    /// <param name="chipName">The chip name, for example gpiochip0.</param>
    /// <param name="lineOffset">The line offset on the chip.</param>
    /// <returns>The line; disposing it drives it low and releases it.</returns>
    /// <exception cref="IOException">The chip or line cannot be opened; the message names the call and errno.</exception>
    /// <exception cref="DllNotFoundException">libgpiod.so.2 is not installed.</exception>
    public static GpioOutputLine Open(string chipName, int lineOffset)
    {
        ArgumentException.ThrowIfNullOrEmpty(chipName);
        ArgumentOutOfRangeException.ThrowIfNegative(lineOffset);

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

            return new GpioOutputLine(chip, line);
        }
        catch
        {
            chip.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Set(bool high) => _ = Libgpiod.LineSetValue(_line, high ? 1 : 0);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_chip.IsClosed)
        {
            Set(false);
        }

        // Closing the chip releases the line.
        _chip.Dispose();
    }
}
