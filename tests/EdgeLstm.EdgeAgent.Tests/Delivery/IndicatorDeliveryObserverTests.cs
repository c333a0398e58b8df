using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Delivery;
using EdgeLstm.EdgeAgent.Indicator;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeLstm.EdgeAgent.Tests.Delivery;

public sealed class IndicatorDeliveryObserverTests : IDisposable
{
    private readonly NullStatusIndicator _led = new();
    private readonly IndicatorController _indicator;

    public IndicatorDeliveryObserverTests() =>
        _indicator = new IndicatorController(_led, Options.Create(new StatusIndicatorOptions()), new FakeTimeProvider());

    public void Dispose()
    {
        _indicator.Dispose();
        _led.Dispose();
    }

    [Fact]
    public async Task OnConnectionChanged_AnyTransportDown_ShowsFaultUntilAllAreUp()
    {
        await _indicator.StartAsync(CancellationToken.None);
        var observer = new IndicatorDeliveryObserver(_indicator);

        observer.OnConnectionChanged("mqtt", connected: true);
        Assert.Equal(IndicatorState.Running, _led.State);
        observer.OnConnectionChanged("webhook", connected: false);
        Assert.Equal(IndicatorState.Fault, _led.State);
        observer.OnConnectionChanged("webhook", connected: true);
        Assert.Equal(IndicatorState.Running, _led.State);
        observer.OnConnectionChanged("mqtt", connected: false);

        Assert.Equal(IndicatorState.Fault, _led.State);
    }
}
