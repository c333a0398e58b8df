using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using EdgeLstm.Features.Flows;

namespace EdgeLstm.EdgeAgent.Tests.EndToEnd;

/// <summary>The whole agent as a process on the zeek source: a flow-schema model, a conn.log that a scanning host's
/// connections are appended to, a real mosquitto broker and an independent subscriber that must receive the alert.</summary>
public sealed class ZeekEndToEndTests : IDisposable
{
    private const string Scanner = "192.168.1.66";
    private const string Browser = "192.168.1.10";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableFact]
    public async Task Zeek_ScanAppendedToConnLog_SubscriberReceivesAlertForTheScannerWithFlowFeatures()
    {
        Skip.IfNot(MosquittoBroker.IsAvailable, MosquittoBroker.SkipReason);
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        using MqttSubscriber subscriber = await MqttSubscriber.StartAsync(broker.Port, "edgelstm/gw-zeek/alerts", "edgelstm/gw-zeek/alerts");

        // Threshold 0 and a long cooldown: each host alerts once, on its first connection (its history before is silence).
        string model = TestModels.WriteFlow(_temp.Combine("flow.safetensors"), threshold: 0, steps: 3);
        string log = _temp.Combine("conn.log");
        File.WriteAllText(log, ConnLogLines.Header);
        using Process agent = AgentProcess.Start(
        [
            "--Mqtt:Host=127.0.0.1",
            "--Mqtt:Port=" + broker.Port.ToString(CultureInfo.InvariantCulture),
            "--Agent:DeviceId=gw-zeek",
            "--Outbox:Directory=" + _temp.Combine("outbox"),
            "--Detection:ModelPath=" + model,
            "--Detection:Source=zeek",
            "--Detection:ConnLog=" + log,
            "--Detection:ConnLogFromStart=true",
            "--Detection:ConnLogReorderSeconds=1",
            "--Detection:CooldownSeconds=3600",
        ]);
        var output = new ConcurrentQueue<string>();
        agent.OutputDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
        agent.BeginOutputReadLine();
        try
        {
            Assert.True(await Eventually.TrueAsync(() => output.Any(line => line.Contains("[3021]", StringComparison.Ordinal))), "the agent never opened the conn.log: " + string.Join('\n', output));
            var lines = new StringBuilder();
            lines.Append(ConnLogLines.Web(Browser, 0));
            for (int i = 1; i <= 8; i++)
            {
                lines.Append(ConnLogLines.Probe(Scanner, i, 20 + i));
            }

            lines.Append("garbage\n").Append(ConnLogLines.Web(Browser, 9));
            await ConnLogLines.AppendAsync(log, lines.ToString());

            bool received = await Eventually.TrueAsync(() => subscriber.Messages.Count(m => m.Payload.StartsWith('{')) >= 2, seconds: 60);
            await AgentProcess.SignalAsync(agent, "TERM");
            await agent.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

            Assert.True(received, "no alert arrived: " + string.Join('\n', output));
            Assert.Equal(0, agent.ExitCode);
            JsonElement[] alerts = [.. subscriber.Messages.Where(m => m.Payload.StartsWith('{')).Select(m => JsonDocument.Parse(m.Payload).RootElement)];
            Assert.Equal([Browser, Scanner], alerts.Select(a => a.GetProperty("entity").GetString()).Order(StringComparer.Ordinal));
            JsonElement alert = Assert.Single(alerts, a => a.GetProperty("entity").GetString() == Scanner);
            Assert.Equal(7, Guid.Parse(alert.GetProperty("id").GetString()!).Version);
            Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(model)))[..16], alert.GetProperty("modelId").GetString());
            JsonElement window = alert.GetProperty("window");
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(ConnLogLines.StartSeconds + 1), window.GetProperty("start").GetDateTimeOffset().AddTicks(-10));
            Assert.Equal(window.GetProperty("start").GetDateTimeOffset(), window.GetProperty("end").GetDateTimeOffset());
            Assert.All(alert.GetProperty("topFeatures").EnumerateArray(), f => Assert.Contains(f.GetProperty("name").GetString(), FlowFeatures.Schema.FeatureNames));
            int badLine = ConnLogLines.Header.Count(c => c == '\n') + 10;
            Assert.Contains(output, line => line.Contains("[3020]", StringComparison.Ordinal) && line.Contains($"{log}:{badLine}:", StringComparison.Ordinal));
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
