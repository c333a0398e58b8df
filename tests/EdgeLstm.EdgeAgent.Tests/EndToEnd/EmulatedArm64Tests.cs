using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EdgeLstm.EdgeAgent.Tests.TestSupport;

namespace EdgeLstm.EdgeAgent.Tests.EndToEnd;

/// <summary>The agent published for linux-arm64 (what a Raspberry Pi runs) replays the lab capture under user-mode
/// emulation, with the managed MQTT client (MQTTnet, no native MQTT library), and must publish the same alerts, to the
/// last bit of every score, as the x64 agent: the integer kernel gives the same bits on a Pi and a PC.</summary>
/// <remarks>test.sh publishes the agent and sets EDGELSTM_ARM64_AGENT to it; without it the test skips.</remarks>
[Trait("Category", "Arm64Emulation")]
public sealed class EmulatedArm64Tests : IDisposable
{
    private const string AgentVariable = "EDGELSTM_ARM64_AGENT";
    private const string Qemu = "/usr/bin/qemu-aarch64-static";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableTheory]
    [InlineData("cortex-a72")]
    [InlineData("cortex-a76")]
    public async Task Replay_QuantizedModelOnEmulatedArm64_SameAlertsAsX64(string cpu)
    {
        string? published = Environment.GetEnvironmentVariable(AgentVariable);
        Skip.If(string.IsNullOrEmpty(published), $"{AgentVariable} is not set (test.sh sets it after publishing the agent for linux-arm64)");
        string arm64Agent = Path.Combine(published, "EdgeLstm.EdgeAgent");
        Skip.IfNot(File.Exists(arm64Agent), $"{arm64Agent} does not exist");
        Skip.IfNot(File.Exists(Qemu), "qemu-user-static is not installed");
        Skip.IfNot(MosquittoBroker.IsAvailable, MosquittoBroker.SkipReason);
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        using MqttSubscriber subscriber = await MqttSubscriber.StartAsync(broker.Port, "edgelstm/+/alerts", "edgelstm/probe/alerts");
        string model = TestModels.WriteQuantized(_temp.Combine("model.safetensors"), threshold: 0);

        await RunToEndAsync(AgentProcess.Start(Arguments(broker.Port, "gw-x64", model)));
        Assert.True(await Eventually.TrueAsync(() => Alerts(subscriber, "gw-x64").Length >= 3), "the x64 agent's alerts did not arrive");
        var emulated = new ProcessStartInfo(Qemu, ["-cpu", cpu, arm64Agent, .. Arguments(broker.Port, "gw-arm64", model)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        emulated.Environment["EDGELSTM_CONFIG"] = AgentProcess.EmptyConfigurationFile;

        // qemu does not see code the JIT writes through .NET's second, writable mapping, so W^X must be off.
        emulated.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        await RunToEndAsync(Process.Start(emulated) ?? throw new InvalidOperationException("qemu did not start"));

        string[] x64 = Alerts(subscriber, "gw-x64");
        Assert.True(await Eventually.TrueAsync(() => Alerts(subscriber, "gw-arm64").Length >= x64.Length), "the arm64 agent's alerts did not all arrive");
        Assert.Equal(x64, Alerts(subscriber, "gw-arm64"));
    }

    private string[] Arguments(int port, string deviceId, string model) =>
    [
        "--Mqtt:Host=127.0.0.1",
        "--Mqtt:Port=" + port.ToString(CultureInfo.InvariantCulture),
        "--Agent:DeviceId=" + deviceId,
        "--Outbox:Directory=" + _temp.Combine("outbox-" + deviceId),
        "--Detection:ModelPath=" + model,
        "--Detection:Source=replay",
        "--Detection:CaptureFile=" + SampleFiles.TrafficLab("lab.pcap"),
        "--Detection:CooldownSeconds=3600",
        "--Detection:StopAfterReplay=true",
    ];

    private static async Task RunToEndAsync(Process agent)
    {
        using (agent)
        {
            var output = new ConcurrentQueue<string>();
            agent.OutputDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
            agent.ErrorDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
            agent.BeginOutputReadLine();
            agent.BeginErrorReadLine();
            try
            {
                // A bound for a hung run, not a speed requirement: emulation takes about fifteen seconds.
                await agent.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            }
            finally
            {
                if (!agent.HasExited)
                {
                    agent.Kill();
                }
            }

            Assert.True(agent.ExitCode == 0, $"the agent exited with {agent.ExitCode}: " + string.Join('\n', output.TakeLast(20)));
        }
    }

    // Each alert as the fields that must match: host, score, severity, window and the features that explain it.
    private static string[] Alerts(MqttSubscriber subscriber, string deviceId) =>
    [
        .. subscriber.Messages
            .Where(m => m.Topic == $"edgelstm/{deviceId}/alerts" && m.Payload.StartsWith('{'))
            .Select(m => JsonDocument.Parse(m.Payload).RootElement)
            .Select(a => string.Join(
                ' ',
                a.GetProperty("entity").GetString(),
                a.GetProperty("score").GetRawText(),
                a.GetProperty("severity").GetString(),
                a.GetProperty("window").GetRawText(),
                a.GetProperty("topFeatures").GetRawText()))
            .Order(StringComparer.Ordinal),
    ];
}
