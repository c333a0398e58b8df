using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using EdgeLstm.EdgeAgent.Hosting;
using EdgeLstm.EdgeAgent.Tests.TestSupport;

namespace EdgeLstm.EdgeAgent.Tests;

/// <summary>The agent as an operator runs it: a separate process, a real broker, systemd's notify socket.</summary>
public sealed class ProgramTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Main_InvalidSetting_ExitsWithConfigurationCodeAndNamesSetting()
    {
        using Process agent = AgentProcess.Start(["--Mqtt:Port=0", "--Outbox:Directory=" + _temp.Combine("outbox")]);
        string error = await agent.StandardError.ReadToEndAsync();
        await agent.WaitForExitAsync();

        Assert.Equal(AgentHost.ConfigurationErrorExitCode, agent.ExitCode);
        Assert.Contains("Mqtt:Port must be between 1 and 65535 (was 0)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_UnknownInterface_ExitsWithConfigurationCodeNamingSettingAndInterface()
    {
        string model = TestModels.Write(_temp.Combine("model.safetensors"), threshold: 1);
        using Process agent = AgentProcess.Start(
            ["--Outbox:Directory=" + _temp.Combine("outbox"), "--Detection:ModelPath=" + model, "--Detection:Source=live", "--Detection:Interface=nosuch0"]);
        Task<string> output = agent.StandardOutput.ReadToEndAsync();
        string error = await agent.StandardError.ReadToEndAsync();
        await agent.WaitForExitAsync();
        await output;

        Assert.Equal(AgentHost.ConfigurationErrorExitCode, agent.ExitCode);
        Assert.Contains("Detection:Interface names no network interface of this machine (was 'nosuch0')", error, StringComparison.Ordinal);
        Assert.Contains("lo", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_GarbageCaFile_ExitsWithConfigurationCodeNamingSettingAndPath()
    {
        string garbage = _temp.Combine("ca.crt");
        await File.WriteAllTextAsync(garbage, "this is not a certificate");
        using Process agent = AgentProcess.Start(["--Outbox:Directory=" + _temp.Combine("outbox"), "--Mqtt:CaFile=" + garbage]);
        Task<string> output = agent.StandardOutput.ReadToEndAsync();
        string error = await agent.StandardError.ReadToEndAsync();
        await agent.WaitForExitAsync();
        await output;

        Assert.Equal(AgentHost.ConfigurationErrorExitCode, agent.ExitCode);
        Assert.Contains($"Mqtt:CaFile is not a PEM file (no '-----BEGIN' line): '{garbage}'.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_BadEnvironmentVariable_ExitsWithConfigurationCode()
    {
        using Process agent = AgentProcess.Start(
            ["--Outbox:Directory=" + _temp.Combine("outbox")],
            new Dictionary<string, string> { ["EDGELSTM__Mqtt__KeepAliveSeconds"] = "1" });
        string error = await agent.StandardError.ReadToEndAsync();
        await agent.WaitForExitAsync();

        Assert.Equal(AgentHost.ConfigurationErrorExitCode, agent.ExitCode);
        Assert.Contains("Mqtt:KeepAliveSeconds", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_CorruptModelFile_ExitsWithStartFailureNamingTheReason()
    {
        string model = _temp.Combine("model.safetensors");
        await File.WriteAllTextAsync(model, "not a model");
        using Process agent = AgentProcess.Start(
            ["--Mqtt:Port=1", "--Outbox:Directory=" + _temp.Combine("outbox"), "--Detection:ModelPath=" + model, "--Detection:Source=replay", "--Detection:CaptureFile=" + _temp.Combine("none.pcap")]);
        Task<string> output = agent.StandardOutput.ReadToEndAsync();
        string error = await agent.StandardError.ReadToEndAsync();
        await agent.WaitForExitAsync();

        Assert.Equal(AgentHost.StartFailureExitCode, agent.ExitCode);
        Assert.Contains(model + ": file: not a valid model", await output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_NoBrokerAndStartupFailureExit_ExitsUnavailableNamingTheBroker()
    {
        int port = UnusedPort();
        using Process agent = AgentProcess.Start(
            [.. AgentArguments(port, "gw-nobroker"), "--Mqtt:StartupFailure=exit", "--Mqtt:StartupTimeoutSeconds=1"]);
        Task<string> output = agent.StandardOutput.ReadToEndAsync();
        Task<string> error = agent.StandardError.ReadToEndAsync();
        await agent.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        string log = await output + await error;

        Assert.Equal(AgentHost.BrokerUnavailableExitCode, agent.ExitCode);
        Assert.Contains($"Cannot connect to the MQTT broker 127.0.0.1:{port} (", log, StringComparison.Ordinal);
        Assert.Contains("ConnectionRefused: Connection refused", log, StringComparison.Ordinal);
        Assert.Contains($"No connection to the MQTT broker 127.0.0.1:{port} within 1 s; stopping with exit code 69", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_NoBrokerAndStartupFailureRetry_WarnsNamingTheBrokerAndKeepsRunning()
    {
        int port = UnusedPort();
        string socketPath = _temp.Combine("notify-retry.sock");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(socketPath));
        using Process agent = AgentProcess.Start(
            [.. AgentArguments(port, "gw-retry"), "--Mqtt:StartupTimeoutSeconds=1"],
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath });
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        agent.OutputDataReceived += (_, line) => log.Enqueue(line.Data ?? "");
        agent.BeginOutputReadLine();
        try
        {
            bool warned = await Eventually.TrueAsync(() => log.Any(line => line.Contains("[2010]", StringComparison.Ordinal)), seconds: 60);

            Assert.True(warned, "no warning after the startup timeout: " + string.Join('\n', log));
            Assert.False(agent.HasExited, "the agent stopped although Mqtt:StartupFailure is Retry");
            Assert.Contains(log, line => line.Contains("[2003]", StringComparison.Ordinal) && line.Contains($"127.0.0.1:{port} (", StringComparison.Ordinal) && line.Contains("ConnectionRefused: Connection refused", StringComparison.Ordinal));
            Assert.Contains(log, line => line.Contains("[2010]", StringComparison.Ordinal) && line.Contains($"127.0.0.1:{port} after 1 s", StringComparison.Ordinal));
            Assert.Equal($"STATUS=No MQTT broker at 127.0.0.1:{port} yet; retrying, alerts wait in the outbox", await ReceiveStatusAsync(notify));

            await AgentProcess.SignalAsync(agent, "TERM");
            await agent.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, agent.ExitCode);
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
    public async Task Main_Killed_BrokerPublishesRetainedLastWillOffline()
    {
        Skip.IfNot(MosquittoBroker.IsAvailable, MosquittoBroker.SkipReason);
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        const string StatusTopic = "edgelstm/gw-kill/status";
        using Process agent = AgentProcess.Start(AgentArguments(broker.Port, "gw-kill"));
        try
        {
            Assert.True(await EventuallyRetainedAsync(broker.Port, StatusTopic, "\"state\":\"online\""), "no retained online status");

            agent.Kill();
            await agent.WaitForExitAsync();

            Assert.True(await EventuallyRetainedAsync(broker.Port, StatusTopic, "\"state\":\"offline\""), "no last will");
            string? will = await MqttSubscriber.ReadRetainedAsync(broker.Port, StatusTopic);
            Assert.Contains("\"uptimeSeconds\":null", will, StringComparison.Ordinal);
            Assert.Contains("\"deviceId\":\"gw-kill\"", will, StringComparison.Ordinal);
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
    public async Task Main_UnderSystemd_NotifiesReadyThenStoppingAndExitsZeroOnSigterm()
    {
        Skip.IfNot(MosquittoBroker.IsAvailable, MosquittoBroker.SkipReason);
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        string socketPath = _temp.Combine("notify.sock");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(socketPath));
        using Process agent = AgentProcess.Start(
            AgentArguments(broker.Port, "gw-notify"),
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath });
        try
        {
            // READY=1 does not wait for the broker, which may be down for hours; wait for "online" here.
            Assert.Equal("READY=1", await ReceiveAsync(notify));
            Assert.True(await EventuallyRetainedAsync(broker.Port, "edgelstm/gw-notify/status", "\"state\":\"online\""), "no retained online status");

            await AgentProcess.SignalAsync(agent, "TERM");

            Assert.Equal("STOPPING=1", await ReceiveAsync(notify));
            await agent.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, agent.ExitCode);
            Assert.Contains("\"state\":\"offline\"", await MqttSubscriber.ReadRetainedAsync(broker.Port, "edgelstm/gw-notify/status"), StringComparison.Ordinal);
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
    public async Task Main_ModelFileReplacedWhileRunning_BadFileReportedOnStatusThenGoodFileClearsIt()
    {
        Skip.IfNot(MosquittoBroker.IsAvailable, MosquittoBroker.SkipReason);
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        const string StatusTopic = "edgelstm/gw-reload/status";
        string model = TestModels.Write(_temp.Combine("model.safetensors"), threshold: 1e30, version: 0);
        string capture = _temp.Combine("slow.pcap");

        // Replayed at the recorded pace, this capture keeps the detection running for minutes.
        FloodCapture.Write(capture, packets: 20_000, perSecond: 100);
        using Process agent = AgentProcess.Start(
        [
            .. AgentArguments(broker.Port, "gw-reload"),
            "--Detection:ModelPath=" + model, "--Detection:Source=replay", "--Detection:CaptureFile=" + capture,
            "--Detection:ReplaySpeed=1", "--Detection:ModelCheckSeconds=0.2", "--Detection:ModelSettleSeconds=0",
        ]);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        agent.OutputDataReceived += (_, line) => log.Enqueue(line.Data ?? "");
        agent.BeginOutputReadLine();
        try
        {
            Assert.True(await EventuallyRetainedAsync(broker.Port, StatusTopic, "\"modelError\":null"), "no online status");

            await File.WriteAllTextAsync(model, "not a model");
            bool refusalReported = await EventuallyRetainedAsync(broker.Port, StatusTopic, "not a valid model");
            // Another good model: the first one's bytes again would be "unchanged content" (event 3013), not a swap.
            TestModels.Write(model, threshold: 2e30, version: 1);
            bool refusalCleared = await EventuallyRetainedAsync(broker.Port, StatusTopic, "\"modelError\":null");

            // The scoring loop takes the new model at the next window, one recorded second later at most.
            bool swapped = await Eventually.TrueAsync(() => log.Any(line => line.Contains("[3011]", StringComparison.Ordinal)));
            await AgentProcess.SignalAsync(agent, "TERM");
            await agent.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

            Assert.True(refusalReported, "the refusal did not reach the status topic");
            Assert.True(refusalCleared, "the good model did not clear the refusal");
            Assert.True(swapped, "the good model was not swapped in: " + string.Join('\n', log));
            Assert.Contains(log, line => line.Contains("[3010]", StringComparison.Ordinal) && line.Contains("not a valid model", StringComparison.Ordinal));
            Assert.Equal(0, agent.ExitCode);
        }
        finally
        {
            if (!agent.HasExited)
            {
                agent.Kill();
            }
        }
    }

    private string[] AgentArguments(int port, string deviceId) =>
    [
        "--Mqtt:Host=127.0.0.1",
        "--Mqtt:Port=" + port.ToString(CultureInfo.InvariantCulture),
        "--Agent:DeviceId=" + deviceId,
        "--Outbox:Directory=" + _temp.Combine("outbox-" + deviceId),
    ];

    // A port that was free a moment ago and that nothing listens on: connections to it are refused.
    private static int UnusedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<string> ReceiveStatusAsync(Socket socket)
    {
        byte[] buffer = new byte[256];
        while (true)
        {
            int length = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            string message = Encoding.UTF8.GetString(buffer, 0, length);
            if (message.StartsWith("STATUS=", StringComparison.Ordinal))
            {
                return message;
            }
        }
    }

    // The next state change; STATUS= lines (the broker state for systemctl status) may come at any time and are skipped.
    private static async Task<string> ReceiveAsync(Socket socket)
    {
        byte[] buffer = new byte[256];
        while (true)
        {
            int length = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            string message = Encoding.UTF8.GetString(buffer, 0, length);
            if (!message.StartsWith("STATUS=", StringComparison.Ordinal))
            {
                return message;
            }
        }
    }

    private static async Task<bool> EventuallyRetainedAsync(int port, string topic, string expected)
    {
        for (int attempt = 0; attempt < 30; attempt++)
        {
            string? retained = await MqttSubscriber.ReadRetainedAsync(port, topic);
            if (retained is not null && retained.Contains(expected, StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }
}
