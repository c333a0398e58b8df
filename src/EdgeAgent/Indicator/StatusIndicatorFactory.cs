using EdgeLstm.EdgeAgent.Configuration;

namespace EdgeLstm.EdgeAgent.Indicator;

/// <summary>Creates the configured indicator and buzzer, falling back to none with a warning when the hardware is absent.</summary>
internal static class StatusIndicatorFactory
{
    /// <summary>Creates the indicator the options describe.</summary>
    /// <param name="options">The validated options.</param>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <param name="timeProvider">The clock of the GPIO blink patterns; the system clock when null.</param>
    /// <returns>The indicator; a <see cref="NullStatusIndicator"/> when none is configured or the LED is absent.</returns>
    public static IStatusIndicator Create(StatusIndicatorOptions options, ILoggerFactory loggerFactory, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ILogger logger = loggerFactory.CreateLogger(typeof(StatusIndicatorFactory).FullName!);

        switch (options.Kind)
        {
            case StatusIndicatorKind.SysfsLed:
                string directory = Path.Combine(options.SysfsRoot, options.LedName);
                if (!File.Exists(Path.Combine(directory, "brightness")))
                {
                    IndicatorLog.LedMissing(logger, directory);
                    return new NullStatusIndicator();
                }

                IndicatorLog.UsingLed(logger, directory);
                return new SysfsLedIndicator(directory, logger);

            case StatusIndicatorKind.Gpio:
                try
                {
                    GpioLedIndicator indicator = GpioLedIndicator.Open(options.GpioChip, options.GpioLine, timeProvider ?? TimeProvider.System);
                    IndicatorLog.UsingGpio(logger, options.GpioChip, options.GpioLine);
                    return indicator;
                }
                catch (IOException exception)
                {
                    IndicatorLog.GpioUnavailable(logger, options.GpioChip, options.GpioLine, exception.Message);
                    return new NullStatusIndicator();
                }

            default:
                return new NullStatusIndicator();
        }
    }

    /// <summary>Creates the buzzer the options describe.</summary>
    /// <param name="options">The validated options.</param>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <param name="timeProvider">The clock of the patterns; the system clock when null.</param>
    /// <returns>The buzzer; a <see cref="NullBuzzer"/> when none is configured or the line is absent.</returns>
    public static IBuzzer CreateBuzzer(StatusIndicatorOptions options, ILoggerFactory loggerFactory, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        if (options.BuzzerLine < 0)
        {
            return new NullBuzzer();
        }

        ILogger logger = loggerFactory.CreateLogger(typeof(StatusIndicatorFactory).FullName!);
        try
        {
            GpioBuzzer buzzer = GpioBuzzer.Open(options.GpioChip, options.BuzzerLine, timeProvider ?? TimeProvider.System);
            IndicatorLog.UsingBuzzer(logger, options.GpioChip, options.BuzzerLine);
            return buzzer;
        }
        catch (IOException exception)
        {
            IndicatorLog.BuzzerUnavailable(logger, options.GpioChip, options.BuzzerLine, exception.Message);
            return new NullBuzzer();
        }
    }
}
