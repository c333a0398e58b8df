using EdgeLstm.EdgeAgent.Alerts;

namespace EdgeLstm.EdgeAgent.Delivery;

/// <summary>Counts what the metrics topic reports about the alert path, by observing it.</summary>
internal sealed class DeliveryMetrics : IDeliveryObserver
{
    private long _alertsAccepted;

    /// <summary>Gets the alerts stored in the outbox since start.</summary>
    public long AlertsAccepted => Interlocked.Read(ref _alertsAccepted);

    /// <inheritdoc/>
    public void OnAlertAccepted(Alert alert) => Interlocked.Increment(ref _alertsAccepted);

    /// <inheritdoc/>
    public void OnConnectionChanged(string transport, bool connected)
    {
    }
}
