using System.Globalization;

namespace EdgeLstm.EdgeAgent.Indicator;

/// <summary>Shows the agent's state on a kernel LED (/sys/class/leds/NAME) with the none and timer triggers.</summary>
/// <remarks>The kernel blinks the LED itself with the timer trigger, so no thread of ours is needed.</remarks>
internal sealed class SysfsLedIndicator : IStatusIndicator
{
    private readonly string _directory;
    private readonly ILogger _logger;
    private bool _failed;

    /// <summary>Initializes a new instance of the <see cref="SysfsLedIndicator"/> class.</summary>
    /// <param name="ledDirectory">The LED's directory, for example /sys/class/leds/ACT.</param>
    /// <param name="logger">The logger.</param>
    public SysfsLedIndicator(string ledDirectory, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(ledDirectory);
        ArgumentNullException.ThrowIfNull(logger);
        _directory = ledDirectory;
        _logger = logger;
    }

    /// <inheritdoc/>
    public IndicatorState State { get; private set; }

    /// <inheritdoc/>
    public void Show(IndicatorState state)
    {
        State = state;
        if (_failed)
        {
            return;
        }

        try
        {
            switch (state)
            {
                case IndicatorState.Off:
                    Write("trigger", "none");
                    Write("brightness", "0");
                    break;
                case IndicatorState.Running:
                    Write("trigger", "none");
                    Write("brightness", ReadMaxBrightness().ToString(CultureInfo.InvariantCulture));
                    break;
                case IndicatorState.Alert:
                    Blink(100, 100);
                    break;
                case IndicatorState.Fault:
                    Blink(1000, 1000);
                    break;
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _failed = true;
            IndicatorLog.LedWriteFailed(_logger, _directory, exception);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private void Blink(int onMilliseconds, int offMilliseconds)
    {
        // delay_on and delay_off appear once the timer trigger is selected.
        Write("trigger", "timer");
        Write("delay_on", onMilliseconds.ToString(CultureInfo.InvariantCulture));
        Write("delay_off", offMilliseconds.ToString(CultureInfo.InvariantCulture));
    }

    private int ReadMaxBrightness()
    {
        string path = Path.Combine(_directory, "max_brightness");
        return File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int max) && max > 0
            ? max
            : 1;
    }

    private void Write(string attribute, string value) => File.WriteAllText(Path.Combine(_directory, attribute), value);
}
