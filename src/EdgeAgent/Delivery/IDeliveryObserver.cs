using EdgeLstm.EdgeAgent.Alerts;

namespace EdgeLstm.EdgeAgent.Delivery;

/// <summary>Observes the alert path without depending on a transport: the status indicator and the metrics implement it.</summary>
/// <remarks>Registered as an enumerable service and called through <see cref="DeliveryEvents"/>; implementations return quickly.</remarks>
internal interface IDeliveryObserver
{
    /// <summary>Called when an alert was stored in the outbox.</summary>
    /// <param name="alert">The alert.</param>
    void OnAlertAccepted(Alert alert);

    /// <summary>Called when a transport's connection goes up or down.</summary>
    /// <param name="transport">The transport's name.</param>
    /// <param name="connected">Whether it can deliver now.</param>
    void OnConnectionChanged(string transport, bool connected);
}
