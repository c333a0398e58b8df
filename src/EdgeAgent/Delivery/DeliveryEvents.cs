using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Mqtt;

namespace EdgeLstm.EdgeAgent.Delivery;

/// <summary>Tells every <see cref="IDeliveryObserver"/> what happened on the alert path; an observer that throws is logged
/// and never stops the caller.</summary>
internal sealed class DeliveryEvents
{
    private readonly IDeliveryObserver[] _observers;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="DeliveryEvents"/> class.</summary>
    /// <param name="observers">The observers.</param>
    /// <param name="logger">The logger.</param>
    public DeliveryEvents(IEnumerable<IDeliveryObserver> observers, ILogger<DeliveryEvents> logger)
    {
        ArgumentNullException.ThrowIfNull(observers);
        ArgumentNullException.ThrowIfNull(logger);
        _observers = [.. observers];
        _logger = logger;
    }

    /// <summary>Reports a stored alert.</summary>
    /// <param name="alert">The alert.</param>
    public void AlertAccepted(Alert alert)
    {
        foreach (IDeliveryObserver observer in _observers)
        {
            Call(observer, o => o.OnAlertAccepted(alert));
        }
    }

    /// <summary>Reports a connection change of a transport.</summary>
    /// <param name="transport">The transport's name.</param>
    /// <param name="connected">Whether it can deliver now.</param>
    public void ConnectionChanged(string transport, bool connected)
    {
        foreach (IDeliveryObserver observer in _observers)
        {
            Call(observer, o => o.OnConnectionChanged(transport, connected));
        }
    }

    private void Call(IDeliveryObserver observer, Action<IDeliveryObserver> call)
    {
        try
        {
            call(observer);
        }
        catch (Exception exception)
        {
            MqttLog.ObserverFailed(_logger, observer.GetType().Name, exception);
        }
    }
}
