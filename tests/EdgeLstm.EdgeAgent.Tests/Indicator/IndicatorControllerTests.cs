using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Indicator;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeLstm.EdgeAgent.Tests.Indicator;

public sealed class IndicatorControllerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly NullStatusIndicator _led = new();
    private readonly RecordingBuzzer _buzzer = new();
    private readonly IndicatorController _controller;

    public IndicatorControllerTests() =>
        _controller = new IndicatorController(_led, Options.Create(new StatusIndicatorOptions { AlertHoldSeconds = 10 }), _time, _buzzer);

    public void Dispose()
    {
        _controller.Dispose();
        _led.Dispose();
    }

    [Fact]
    public async Task StartAsync_BeforeFirstConnection_ShowsFaultThenRunning()
    {
        await _controller.StartAsync(CancellationToken.None);
        Assert.Equal(IndicatorState.Fault, _led.State);

        _controller.SetConnected(true);

        Assert.Equal(IndicatorState.Running, _led.State);
    }

    [Fact]
    public async Task NotifyAlert_ShowsAlertForTheHoldTimeThenRunning()
    {
        await _controller.StartAsync(CancellationToken.None);
        _controller.SetConnected(true);

        _controller.NotifyAlert();
        Assert.Equal(IndicatorState.Alert, _led.State);
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(IndicatorState.Alert, _led.State);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(IndicatorState.Running, _led.State);
    }

    [Fact]
    public async Task SetConnected_LostDuringAlert_FaultWins()
    {
        await _controller.StartAsync(CancellationToken.None);
        _controller.SetConnected(true);
        _controller.NotifyAlert();

        _controller.SetConnected(false);

        Assert.Equal(IndicatorState.Fault, _led.State);
    }

    [Fact]
    public async Task NotifyBrokerUnreachableAtStart_NeverConnected_SoundsTheFaultOnce()
    {
        await _controller.StartAsync(CancellationToken.None);
        Assert.Empty(_buzzer.Sounded); // the fault shown at start is silent

        _controller.NotifyBrokerUnreachableAtStart();

        Assert.Equal([BuzzerPattern.Fault], _buzzer.Sounded);
        Assert.Equal(IndicatorState.Fault, _led.State);
    }

    [Fact]
    public async Task NotifyBrokerUnreachableAtStart_ConnectedMeanwhile_StaysSilent()
    {
        await _controller.StartAsync(CancellationToken.None);
        _controller.SetConnected(true);

        _controller.NotifyBrokerUnreachableAtStart();

        Assert.Empty(_buzzer.Sounded);
    }

    [Fact]
    public async Task StopAsync_SwitchesOff()
    {
        await _controller.StartAsync(CancellationToken.None);
        _controller.SetConnected(true);

        await _controller.StopAsync(CancellationToken.None);

        Assert.Equal(IndicatorState.Off, _led.State);
    }

    [Fact]
    public async Task NotifyAlert_NewEpisode_SoundsAlertOnceUntilTheHoldTimeHasPassed()
    {
        await _controller.StartAsync(CancellationToken.None);
        _controller.SetConnected(true);

        _controller.NotifyAlert();
        _time.Advance(TimeSpan.FromSeconds(5));
        _controller.NotifyAlert();
        Assert.Equal([BuzzerPattern.Alert], _buzzer.Sounded);

        _time.Advance(TimeSpan.FromSeconds(10));
        _controller.NotifyAlert();

        Assert.Equal([BuzzerPattern.Alert, BuzzerPattern.Alert], _buzzer.Sounded);
    }

    [Fact]
    public async Task SetConnected_Lost_SoundsFaultOnce()
    {
        await _controller.StartAsync(CancellationToken.None);
        _controller.SetConnected(true);

        _controller.SetConnected(false);
        _controller.SetConnected(false);

        Assert.Equal([BuzzerPattern.Fault], _buzzer.Sounded);
    }

    [Fact]
    public async Task StartAsync_BeforeFirstConnection_StaysSilent()
    {
        await _controller.StartAsync(CancellationToken.None);

        Assert.Equal(IndicatorState.Fault, _led.State);
        Assert.Empty(_buzzer.Sounded);
    }
}
