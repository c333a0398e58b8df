using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Indicator;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace EdgeLstm.EdgeAgent.Tests.Indicator;

public sealed class StatusIndicatorFactoryTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeLogCollector _logs = new();
    private readonly LoggerFactory _loggers;

    public StatusIndicatorFactoryTests() => _loggers = new LoggerFactory([new FakeLoggerProvider(_logs)]);

    public void Dispose()
    {
        _loggers.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void Create_Default_IsNullIndicatorWithoutWarning()
    {
        using IStatusIndicator indicator = StatusIndicatorFactory.Create(new StatusIndicatorOptions(), _loggers);

        Assert.IsType<NullStatusIndicator>(indicator);
        Assert.DoesNotContain(_logs.GetSnapshot(), e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public void Create_SysfsLedPresent_ReturnsSysfsIndicator()
    {
        Directory.CreateDirectory(_temp.Combine("led0"));
        File.WriteAllText(_temp.Combine("led0", "brightness"), "0");
        var options = new StatusIndicatorOptions { Kind = StatusIndicatorKind.SysfsLed, SysfsRoot = _temp.Path, LedName = "led0" };

        using IStatusIndicator indicator = StatusIndicatorFactory.Create(options, _loggers);

        Assert.IsType<SysfsLedIndicator>(indicator);
    }

    [Fact]
    public void Create_SysfsLedAbsent_WarnsAndFallsBackToNull()
    {
        var options = new StatusIndicatorOptions { Kind = StatusIndicatorKind.SysfsLed, SysfsRoot = _temp.Path, LedName = "ACT" };

        using IStatusIndicator indicator = StatusIndicatorFactory.Create(options, _loggers);

        Assert.IsType<NullStatusIndicator>(indicator);
        FakeLogRecord warning = Assert.Single(_logs.GetSnapshot(), e => e.Id.Id == 4000);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("ACT", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_GpioChipAbsent_WarnsNamingChipAndFallsBackToNull()
    {
        // Real libgpiod when installed (the chip does not exist), or a missing library: both must only warn.
        var options = new StatusIndicatorOptions { Kind = StatusIndicatorKind.Gpio, GpioChip = "gpiochip99", GpioLine = 17 };

        using IStatusIndicator indicator = StatusIndicatorFactory.Create(options, _loggers);
        indicator.Show(IndicatorState.Alert);

        Assert.IsType<NullStatusIndicator>(indicator);
        FakeLogRecord warning = Assert.Single(_logs.GetSnapshot(), e => e.Id.Id == 4002);
        Assert.Contains("gpiochip99:17", warning.Message, StringComparison.Ordinal);

        // With a libgpiod installed the reason is System.Device.Gpio's, naming the libgpiod version; without, what to install.
        Assert.Matches(@"libgpiod v[12] \(Debian libgpiod[23]\): |libgpiod is not installed", warning.Message);
    }

    [Fact]
    public void CreateBuzzer_Default_IsNullBuzzerWithoutWarning()
    {
        using IBuzzer buzzer = StatusIndicatorFactory.CreateBuzzer(new StatusIndicatorOptions(), _loggers);

        Assert.IsType<NullBuzzer>(buzzer);
        Assert.DoesNotContain(_logs.GetSnapshot(), e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public void CreateBuzzer_GpioChipAbsent_WarnsNamingChipAndLineAndFallsBackToNull()
    {
        var options = new StatusIndicatorOptions { GpioChip = "gpiochip99", BuzzerLine = 27 };

        using IBuzzer buzzer = StatusIndicatorFactory.CreateBuzzer(options, _loggers);

        Assert.IsType<NullBuzzer>(buzzer);
        Assert.False(buzzer.Sound(BuzzerPattern.Alert));
        FakeLogRecord warning = Assert.Single(_logs.GetSnapshot(), e => e.Id.Id == 4005);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("gpiochip99:27", warning.Message, StringComparison.Ordinal);
    }
}
