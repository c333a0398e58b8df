using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Indicator;

namespace EdgeLstm.EdgeAgent.Delivery;

/// <summary>Drives the status indicator from the alert path: the alert pattern for each stored alert, the fault pattern
/// while any transport that reported a connection state is down.</summary>
internal sealed class IndicatorDeliveryObserver : IDeliveryObserver
{
    private readonly IndicatorController _indicator;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, bool> _connected = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="IndicatorDeliveryObserver"/> class.</summary>
    /// <param name="indicator">The indicator controller.</param>
    public IndicatorDeliveryObserver(IndicatorController indicator)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        _indicator = indicator;
    }

    /// <inheritdoc/>
    public void OnAlertAccepted(Alert alert) => _indicator.NotifyAlert();

    /// <inheritdoc/>
    public void OnConnectionChanged(string transport, bool connected)
    {
        lock (_lock)
        {
            _connected[transport] = connected;
            _indicator.SetConnected(_connected.Values.All(up => up));
        }
    }
}
