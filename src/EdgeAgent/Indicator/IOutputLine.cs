namespace EdgeLstm.EdgeAgent.Indicator;

/// <summary>A digital output (a GPIO line) that drives an LED or a buzzer.</summary>
internal interface IOutputLine : IDisposable
{
    /// <summary>Drives the line high or low; a failed write is ignored, the next one tries again.</summary>
    /// <param name="high">Whether the line is driven high (LED lit, buzzer sounding).</param>
    void Set(bool high);
}
