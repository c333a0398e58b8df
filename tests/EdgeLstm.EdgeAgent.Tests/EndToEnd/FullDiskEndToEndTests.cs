using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EdgeLstm.EdgeAgent.Tests.TestSupport;

namespace EdgeLstm.EdgeAgent.Tests.EndToEnd;

/// <summary>The whole agent as a process with its outbox on a full disk (a small tmpfs) and a broker outage during the
/// full disk: every alert must still arrive once the disk and the broker are back.</summary>
public sealed class FullDiskEndToEndTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableFact]
    public async Task Replay_OutboxDiskFullFromStartAndBrokerOutage_EveryAlertDeliveredOnce()
    {
        Skip.IfNot(MosquittoBroker.IsAvailable, MosquittoBroker.SkipReason);
        Skip.If(SmallTmpfs.SkipReason is not null, SmallTmpfs.SkipReason);
        using SmallTmpfs? tmpfs = SmallTmpfs.TryMount(_temp.Combine("tmpfs"), kilobytes: 64);
        Skip.If(tmpfs is null, "mount -t tmpfs failed (no CAP_SYS_ADMIN in this container)");
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        using MqttSubscriber subscriber = await MqttSubscriber.StartAsync(broker.Port, "edgelstm/gw-full/alerts", "edgelstm/gw-full/alerts");
        Directory.CreateDirectory(Path.Combine(tmpfs.Path, "outbox"));
        string filler = tmpfs.Fill("filler");
        string model = TestModels.Write(_temp.Combine("model.safetensors"), threshold: 0);
        using Process agent = AgentProcess.Start(
        [
            "--Mqtt:Host=127.0.0.1",
            "--Mqtt:Port=" + broker.Port.ToString(CultureInfo.InvariantCulture),
            "--Mqtt:ReconnectMaxDelaySeconds=1",
            "--Agent:DeviceId=gw-full",
            "--Outbox:Directory=" + Path.Combine(tmpfs.Path, "outbox"),
            "--Outbox:RetrySeconds=1",
            "--Detection:ModelPath=" + model,
            "--Detection:Source=replay",
            "--Detection:CaptureFile=" + SampleFiles.TrafficLab("lab.pcap"),
            "--Detection:ReplaySpeed=4",
            "--Detection:CooldownSeconds=3600",
            "--Detection:StopAfterReplay=true",
        ]);
        var log = new ConcurrentQueue<string>();
        agent.OutputDataReceived += (_, line) => log.Enqueue(line.Data ?? "");
        agent.BeginOutputReadLine();
        try
        {
            // The 64-second capture takes 16 s at speed 4: the journal is unwritable from the start, the broker is down
            // from about 2 s to 8 s, the disk gets space back at about 6 s.
            Assert.True(await Eventually.TrueAsync(() => log.Any(line => line.Contains("[3001]", StringComparison.Ordinal)), seconds: 60), "detection did not start: " + string.Join('\n', log));
            await Task.Delay(TimeSpan.FromSeconds(2));
            await broker.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.Contains(log, line => line.Contains("[1005]", StringComparison.Ordinal) && line.Contains("No space left on device", StringComparison.Ordinal));
            Assert.False(agent.HasExited, "the agent stopped on a full disk");
            File.Delete(filler);
            Assert.True(await Eventually.TrueAsync(() => log.Any(line => line.Contains("[1007]", StringComparison.Ordinal)), seconds: 20), "the journal was not written after space returned: " + string.Join('\n', log));
            await broker.StartAgainAsync();
            await agent.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

            string finished = log.Single(line => line.Contains("[3003]", StringComparison.Ordinal));
            int raised = int.Parse(finished.Split(" alerts")[0].Split(' ')[^1], CultureInfo.InvariantCulture);
            string[] ids = [.. subscriber.Messages
                .Where(m => m.Topic.EndsWith("/alerts", StringComparison.Ordinal) && m.Payload.StartsWith('{'))
                .Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("id").GetString()!)];

            Assert.Equal(0, agent.ExitCode);
            Assert.True(raised >= 3, $"only {raised} alerts raised");
            Assert.True(raised == ids.Distinct().Count(), $"{raised} alerts raised, {ids.Distinct().Count()} delivered: " + string.Join('\n', log.Where(line => !line.Contains("[3002]", StringComparison.Ordinal))));
        }
        finally
        {
            if (!agent.HasExited)
            {
                agent.Kill();
            }
        }
    }
}
