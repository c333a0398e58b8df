using System.Device.Gpio;
using System.Device.Gpio.Drivers;

namespace EdgeLstm.EdgeAgent.Indicator;

/// <summary>A GPIO line requested as an output through System.Device.Gpio's libgpiod drivers (v1 or v2, whichever is
/// installed); the one place the agent opens GPIO lines.</summary>
internal sealed class GpioOutputLine : IOutputLine
{
    private readonly GpioController _controller;
    private readonly int _line;
    private bool _disposed;

    private GpioOutputLine(GpioController controller, int line)
    {
        _controller = controller;
        _line = line;
    }

    /// <summary>Opens a GPIO line as an output, initially low.</summary>
    /// <param name="chipName">The chip, <c>gpiochipN</c> or <c>N</c>.</param>
    /// <param name="lineOffset">The line offset on the chip.</param>
    /// <returns>The line; disposing it drives it low and releases it.</returns>
    /// <exception cref="IOException">libgpiod is not installed, or the chip or line cannot be opened; the message says which.</exception>
    public static GpioOutputLine Open(string chipName, int lineOffset)
    {
        ArgumentException.ThrowIfNullOrEmpty(chipName);
        ArgumentOutOfRangeException.ThrowIfNegative(lineOffset);
        if (!GpioChipName.TryParse(chipName, out int chip))
        {
            throw new IOException($"'{chipName}' is not a GPIO chip name (gpiochipN or N).");
        }

        GpiodLibrary library = GpiodLibrary.FindInstalled()
            ?? throw new IOException($"libgpiod is not installed (neither {string.Join(" nor ", GpiodLibrary.All.Select(l => l.Soname))}); on Raspberry Pi OS install libgpiod2 (bookworm) or libgpiod3 (trixie).");
        GpioController? controller = null;
        try
        {
            controller = new GpioController(library.CreateDriver(chip));
            controller.OpenPin(lineOffset, PinMode.Output, PinValue.Low);
            return new GpioOutputLine(controller, lineOffset);
        }
        catch (Exception exception) when (IsDriverFailure(exception))
        {
            controller?.Dispose();
            throw new IOException($"{library.Description}: {exception.Message}", exception);
        }
    }

    /// <inheritdoc/>
    public void Set(bool high)
    {
        try
        {
            _controller.Write(_line, high ? PinValue.High : PinValue.Low);
        }
        catch (Exception exception) when (IsDriverFailure(exception))
        {
            // IOutputLine: a failed write is ignored, the next one tries again.
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Set(false);

        // Disposing the controller closes the line and the chip.
        _controller.Dispose();
    }

    // What System.Device.Gpio throws for an absent chip or line, a line another process holds, or a library that does
    // not load.
    private static bool IsDriverFailure(Exception exception) => exception is IOException or GpiodException or PlatformNotSupportedException
        or DllNotFoundException or EntryPointNotFoundException or InvalidOperationException or ArgumentException or UnauthorizedAccessException;
}
