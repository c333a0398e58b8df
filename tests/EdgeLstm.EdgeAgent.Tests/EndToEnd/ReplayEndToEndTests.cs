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
                Assert.Equal("model.safetensors", a.GetProperty("modelId").GetString());
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
}
