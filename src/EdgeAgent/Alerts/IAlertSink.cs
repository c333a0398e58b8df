namespace EdgeLstm.EdgeAgent.Alerts;

/// <summary>Takes the alerts the alert policy raises; the end of the detection pipeline.</summary>
internal interface IAlertSink
{
    /// <summary>Stores an alert durably and schedules its publication.</summary>
    /// <param name="alert">The alert; its id must be new.</param>
    /// <remarks>When this returns, the alert is on disk: a crash or a broker outage no longer loses it.</remarks>
    void Submit(Alert alert);
}
