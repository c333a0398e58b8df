using EdgeLstm.EdgeAgent.Indicator;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace EdgeLstm.EdgeAgent.Tests.Indicator;

public sealed class SysfsLedIndicatorTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeLogCollector _logs = new();
    private readonly string _led;

    public SysfsLedIndicatorTests()
    {
        // A fake /sys/class/leds/ACT: the attribute files the kernel would expose.
        _led = _temp.Combine("leds", "ACT");
        Directory.CreateDirectory(_led);
        File.WriteAllText(Path.Combine(_led, "brightness"), "0\n");
        File.WriteAllText(Path.Combine(_led, "max_brightness"), "255\n");
        File.WriteAllText(Path.Combine(_led, "trigger"), "[none] timer heartbeat mmc0\n");
    }

    public void Dispose()
    {
        _temp.Dispose();
    }

    [Fact]
    public void Show_Running_SteadyOnAtMaxBrightness()
    {
        using var indicator = new SysfsLedIndicator(_led, new FakeLogger(_logs, "test"));

        indicator.Show(IndicatorState.Running);

        Assert.Equal("none", Read("trigger"));
        Assert.Equal("255", Read("brightness"));
        Assert.Equal(IndicatorState.Running, indicator.State);
    }

    [Theory]
    [InlineData("Alert", "100", "100")]
    [InlineData("Fault", "1000", "1000")]
    public void Show_BlinkingState_UsesKernelTimerTrigger(string stateName, string on, string off)
    {
        IndicatorState state = Enum.Parse<IndicatorState>(stateName);
        using var indicator = new SysfsLedIndicator(_led, new FakeLogger(_logs, "test"));

        indicator.Show(state);

        Assert.Equal("timer", Read("trigger"));
        Assert.Equal(on, Read("delay_on"));
        Assert.Equal(off, Read("delay_off"));
    }

    [Fact]
    public void Show_Off_AfterBlinking_StopsTimerAndDarkens()
    {
        using var indicator = new SysfsLedIndicator(_led, new FakeLogger(_logs, "test"));
        indicator.Show(IndicatorState.Alert);

        indicator.Show(IndicatorState.Off);

        Assert.Equal("none", Read("trigger"));
        Assert.Equal("0", Read("brightness"));
    }

    [Fact]
    public void Show_LedRemoved_WarnsOnceAndDoesNotThrow()
    {
        using var indicator = new SysfsLedIndicator(_temp.Combine("leds", "gone"), new FakeLogger(_logs, "test"));

        indicator.Show(IndicatorState.Running);
        indicator.Show(IndicatorState.Fault);

        Assert.Single(_logs.GetSnapshot(), e => e.Id.Id == 4001 && e.Level == LogLevel.Warning);
        Assert.Equal(IndicatorState.Fault, indicator.State);
    }

    private string Read(string attribute) => File.ReadAllText(Path.Combine(_led, attribute)).Trim();
}
