using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EdgeLstm.EdgeAgent.Tests.TestSupport;

namespace EdgeLstm.EdgeAgent.Tests.EndToEnd;

/// <summary>The whole agent as a process: the committed lab capture replayed through the model, a real mosquitto
/// broker stopped and restarted mid-replay, and an independent subscriber that must receive every alert.</summary>
public sealed class ReplayEndToEndTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableFact]
    public async Task Replay_BrokerOutageMidReplay_SubscriberReceivesEveryAlertOnceWithContractPayload()
    {
        Skip.IfNot(MosquittoBroker.IsAvailable, MosquittoBroker.SkipReason);
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        using MqttSubscriber subscriber = await MqttSubscriber.StartAsync(broker.Port, "edgelstm/gw-e2e/alerts", "edgelstm/gw-e2e/alerts");

        // Threshold 0 and a long cooldown: every host that fills T windows raises exactly one alert.
        string model = TestModels.Write(_temp.Combine("model.safetensors"), threshold: 0);
        using Process agent = AgentProcess.Start(
        [
            "--Mqtt:Host=127.0.0.1",
            "--Mqtt:Port=" + broker.Port.ToString(CultureInfo.InvariantCulture),
            "--Mqtt:ReconnectMaxDelaySeconds=1",
            "--Agent:DeviceId=gw-e2e",
            "--Outbox:Directory=" + _temp.Combine("outbox"),
            "--Detection:ModelPath=" + model,
            "--Detection:Source=replay",
            "--Detection:CaptureFile=" + SampleFiles.TrafficLab("lab.pcap"),
            "--Detection:ReplaySpeed=8",
            "--Detection:CooldownSeconds=3600",
            "--Detection:StopAfterReplay=true",
        ]);
        var log = new ConcurrentQueue<string>();
        agent.OutputDataReceived += (_, line) => log.Enqueue(line.Data ?? "");
        agent.BeginOutputReadLine();
        try
        {
            // The 64-second capture takes 8 s at speed 8: the broker is down from about 1 s to 4 s of it.
            Assert.True(await Eventually.TrueAsync(() => log.Any(line => line.Contains("[3001]", StringComparison.Ordinal))), "detection did not start: " + string.Join('\n', log));
            await Task.Delay(TimeSpan.FromSeconds(1));
            await broker.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            await broker.StartAgainAsync();
            await agent.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

            string finished = log.Single(line => line.Contains("[3003]", StringComparison.Ordinal));
            int raised = int.Parse(finished.Split(" alerts")[0].Split(' ')[^1], CultureInfo.InvariantCulture);
            string[] alertPayloads = [.. subscriber.Messages.Where(m => m.Topic.EndsWith("/alerts", StringComparison.Ordinal) && m.Payload.StartsWith('{')).Select(m => m.Payload)];
            JsonElement[] alerts = [.. alertPayloads.Select(p => JsonDocument.Parse(p).RootElement)];
            string[] ids = [.. alerts.Select(a => a.GetProperty("id").GetString()!)];

            Assert.Equal(0, agent.ExitCode);
            Assert.True(raised >= 3, $"only {raised} alerts raised");
            Assert.Equal(raised, ids.Distinct().Count());
            Assert.Contains(alerts, a => a.GetProperty("entity").GetString() == "10.77.0.66");
            Assert.All(alerts, a =>
            {
                Assert.Equal(7, Guid.Parse(a.GetProperty("id").GetString()!).Version);
                Assert.Equal(0.0, a.GetProperty("threshold").GetDouble());
                Assert.True(a.GetProperty("score").GetDouble() >= 0);
                Assert.Contains(a.GetProperty("severity").GetString(), new[] { "low", "medium", "high", "critical" });
                Assert.Equal(3, a.GetProperty("topFeatures").GetArrayLength());
                Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(model)))[..16], a.GetProperty("modelId").GetString());
            });
        }
        finally
        {
            if (!agent.HasExited)
            {
                agent.Kill();
            }
        }
    }

    [SkippableFact]
    public async Task Replay_AgentKilledWhileBrokerDown_RestartedAgentDeliversEveryStoredAlertWithItsId()
    {
        Skip.IfNot(MosquittoBroker.IsAvailable, MosquittoBroker.SkipReason);
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        using MqttSubscriber subscriber = await MqttSubscriber.StartAsync(broker.Port, "edgelstm/gw-kill9/alerts", "edgelstm/gw-kill9/alerts");
        await broker.StopAsync();
        string model = TestModels.Write(_temp.Combine("model.safetensors"), threshold: 0);
        string outbox = _temp.Combine("outbox");
        string[] common =
        [
            "--Mqtt:Host=127.0.0.1",
            "--Mqtt:Port=" + broker.Port.ToString(CultureInfo.InvariantCulture),
            "--Mqtt:ReconnectMaxDelaySeconds=1",
            "--Agent:DeviceId=gw-kill9",
            "--Outbox:Directory=" + outbox,
        ];

        // First life: the whole capture is scored while the broker is down, so every alert waits in the outbox; then SIGKILL.
        var stored = new ConcurrentQueue<string>();
        using (Process first = AgentProcess.Start(
        [
            .. common,
            "--Detection:ModelPath=" + model,
            "--Detection:Source=replay",
            "--Detection:CaptureFile=" + SampleFiles.TrafficLab("lab.pcap"),
            "--Detection:CooldownSeconds=3600",
        ]))
        {
            var log = new ConcurrentQueue<string>();
            first.OutputDataReceived += (_, line) => log.Enqueue(line.Data ?? "");
            first.BeginOutputReadLine();
            bool replayed = await Eventually.TrueAsync(() => log.Any(line => line.Contains("[3003]", StringComparison.Ordinal)));
            first.Kill();
            await first.WaitForExitAsync();
            Assert.True(replayed, "the replay did not finish: " + string.Join('\n', log));
            foreach (string line in log.Where(line => line.Contains("[2008]", StringComparison.Ordinal)))
            {
                stored.Enqueue(line.Split("Alert ")[1].Split(' ')[0]);
            }
        }

        // Second life, with the broker back and no model: only the outbox's alerts can reach the subscriber.
        await broker.StartAgainAsync();
        using Process second = AgentProcess.Start(common);
        try
        {
            bool delivered = await Eventually.TrueAsync(() => stored.All(id => subscriber.Messages.Any(m => m.Payload.Contains(id, StringComparison.Ordinal))), seconds: 60);
            await AgentProcess.SignalAsync(second, "TERM");
            await second.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

            Assert.True(stored.Count >= 3, $"only {stored.Count} alerts were stored before the kill");
            Assert.True(delivered, $"{stored.Count(id => !subscriber.Messages.Any(m => m.Payload.Contains(id, StringComparison.Ordinal)))} of {stored.Count} stored alerts never arrived");
            Assert.Equal(stored.Count, subscriber.Messages.Where(m => m.Payload.StartsWith('{')).Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("id").GetString()).Distinct().Count());
        }
        finally
        {
            if (!second.HasExited)
            {
                second.Kill();
            }
        }
    }
}
