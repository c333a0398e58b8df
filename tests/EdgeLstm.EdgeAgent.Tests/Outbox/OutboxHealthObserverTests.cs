using System.Text;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Indicator;
using EdgeLstm.EdgeAgent.Outbox;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeLstm.EdgeAgent.Tests.Outbox;

public sealed class OutboxHealthObserverTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeLogCollector _logs = new();
    private readonly FakeTimeProvider _time = new();

    public void Dispose()
    {
        _temp.Dispose();
    }

    [Fact]
    public async Task HealthChanged_DiskFullThenFreed_StatusAndLedShowTheFaultThenClearIt()
    {
        var storage = new FaultyJournalStorage();
        using var outbox = new JournalOutbox(Options.Create(new OutboxOptions { Directory = _temp.Combine("outbox") }), new FakeLogger<JournalOutbox>(_logs), _time, storage);
        IOptions<AgentOptions> agent = Options.Create(new AgentOptions { DeviceId = "gw1" });
        var status = new AgentStatus(agent, _time);
        using var led = new NullStatusIndicator();
        using var indicator = new IndicatorController(led, Options.Create(new StatusIndicatorOptions()), _time);
        await indicator.StartAsync(CancellationToken.None);
        indicator.SetConnected(true);
        var observer = new OutboxHealthObserver(outbox, status, indicator);
        await observer.StartAsync(CancellationToken.None);
        int statusChanges = 0;
        status.Changed += () => statusChanges++;

        storage.Full = true;
        outbox.Append(new OutboxEntry(Guid.CreateVersion7(), "{\"a\":1}"u8.ToArray()));

        Assert.Equal(IndicatorState.Fault, led.State);
        Assert.Contains("\"outboxFault\":\"No space left on device\"", Encoding.UTF8.GetString(status.CreateOnlinePayload()), StringComparison.Ordinal);
        Assert.Equal(1, statusChanges);

        storage.Full = false;
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(IndicatorState.Running, led.State);
        Assert.Contains("\"outboxFault\":null", Encoding.UTF8.GetString(status.CreateOnlinePayload()), StringComparison.Ordinal);
        Assert.Equal(2, statusChanges);
        await observer.StopAsync(CancellationToken.None);
    }
}
