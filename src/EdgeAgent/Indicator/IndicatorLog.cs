namespace EdgeLstm.EdgeAgent.Indicator;

/// <summary>Log messages of the status indicator; event ids 4000-4099 (registered in <see cref="LogEvents"/>).</summary>
internal static partial class IndicatorLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Warning, Message = "Status LED '{Led}' not found; the agent runs without a status indicator")]
    public static partial void LedMissing(ILogger logger, string led);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Status LED '{Led}' cannot be written; the status indicator is switched off")]
    public static partial void LedWriteFailed(ILogger logger, string led, Exception exception);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "GPIO status line {Chip}:{Line} unavailable ({Reason}); the agent runs without a status indicator")]
    public static partial void GpioUnavailable(ILogger logger, string chip, int line, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Status indicator: LED {Led}")]
    public static partial void UsingLed(ILogger logger, string led);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Status indicator: GPIO {Chip}:{Line}")]
    public static partial void UsingGpio(ILogger logger, string chip, int line);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "GPIO buzzer line {Chip}:{Line} unavailable ({Reason}); the agent runs without a buzzer")]
    public static partial void BuzzerUnavailable(ILogger logger, string chip, int line, string reason);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Buzzer: GPIO {Chip}:{Line}")]
    public static partial void UsingBuzzer(ILogger logger, string chip, int line);
}
