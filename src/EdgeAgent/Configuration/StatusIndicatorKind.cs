namespace EdgeLstm.EdgeAgent.Configuration;

/// <summary>The hardware that shows the agent's state.</summary>
internal enum StatusIndicatorKind
{
    /// <summary>No indicator (the default).</summary>
    None,

    /// <summary>A kernel LED under /sys/class/leds.</summary>
    SysfsLed,

    /// <summary>A GPIO line driven through libgpiod v1.</summary>
    Gpio,
}
