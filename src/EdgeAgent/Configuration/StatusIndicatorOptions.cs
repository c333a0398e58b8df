namespace EdgeLstm.EdgeAgent.Configuration;

/// <summary>Which LED shows running, alert and fault, and which buzzer sounds alerts and faults; both off by default.</summary>
internal sealed class StatusIndicatorOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "StatusIndicator";

    /// <summary>Gets or sets the kind of indicator.</summary>
    public StatusIndicatorKind Kind { get; set; } = StatusIndicatorKind.None;

    /// <summary>Gets or sets the directory holding the kernel LEDs.</summary>
    public string SysfsRoot { get; set; } = "/sys/class/leds";

    /// <summary>Gets or sets the LED name under <see cref="SysfsRoot"/> (for example <c>ACT</c> or <c>led0</c>).</summary>
    public string LedName { get; set; } = string.Empty;

    /// <summary>Gets or sets the GPIO chip: <c>gpiochipN</c> (the name under /dev) or <c>N</c>.</summary>
    public string GpioChip { get; set; } = "gpiochip0";

    /// <summary>Gets or sets the GPIO line offset of the LED; -1 means none.</summary>
    public int GpioLine { get; set; } = -1;

    /// <summary>Gets or sets the GPIO line offset, on <see cref="GpioChip"/>, of an active buzzer that beeps twice on a new
    /// alert and once, long, when the broker connection is lost; -1 (the default) means none. Independent of <see cref="Kind"/>.</summary>
    public int BuzzerLine { get; set; } = -1;

    /// <summary>Gets or sets how long, in seconds, the alert pattern shows after an alert.</summary>
    public int AlertHoldSeconds { get; set; } = 30;
}
