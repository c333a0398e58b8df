using System.Text.Json;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Delivery;
using EdgeLstm.EdgeAgent.Mqtt;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Tests.Mqtt;

/// <summary>The MQTTnet session and the alert path against a real mosquitto broker and an independent subscriber (mosquitto_sub).</summary>
public sealed class MqttConnectionTests : IDisposable
{
    private const string AlertsTopic = "edgelstm/gw1/alerts";
    private const string StatusTopic = "edgelstm/gw1/status";

    private readonly TempDirectory _temp = new();
    private readonly FakeLogCollector _logs = new();

    public void Dispose()
    {
        _temp.Dispose();
    }

    [SkippableTheory]
    [InlineData("V5")]
    [InlineData("V311")]
    public async Task Submit_RealBroker_AlertsArriveWithContractJsonAndLeaveOutbox(string protocolName)
    {
        MqttProtocol protocol = Enum.Parse<MqttProtocol>(protocolName);
        Skip.IfNot(MosquittoBroker.IsAvailable, MosquittoBroker.SkipReason);
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        using MqttSubscriber subscriber = await MqttSubscriber.StartAsync(broker.Port, "edgelstm/#", "edgelstm/probe");
        await using AgentStack agent = await AgentStack.StartAsync(broker.Port, _temp.Combine("outbox"), _logs, protocol);
        Alert[] alerts = [.. Enumerable.Range(1, 5).Select(n => TestAlerts.Create(n))];

        foreach (Alert alert in alerts)
        {
            agent.Intake.Submit(alert);
        }

        Assert.True(await Eventually.TrueAsync(() => AlertIds(subscriber).Count == alerts.Length), "the subscriber did not receive every alert");
        Assert.True(await Eventually.TrueAsync(() => agent.Outbox.Count == 0), "acknowledged alerts stayed in the outbox");
        Assert.Equal(alerts.Select(a => a.Id), AlertIds(subscriber));
        using JsonDocument json = JsonDocument.Parse(subscriber.Messages.First(m => m.Topic == AlertsTopic).Payload);
        Assert.Equal("192.168.1.1", json.RootElement.GetProperty("entity").GetString());
        Assert.Equal("high", json.RootElement.GetProperty("severity").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("topFeatures").GetArrayLength());
        Assert.Contains(subscriber.Messages, m => m.Topic == StatusTopic && m.Payload.Contains("\"state\":\"online\"", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Submit_BrokerStoppedMidStream_EveryAlertArrivesWithItsOriginalId()
    {
        Skip.IfNot(MosquittoBroker.IsAvailable, MosquittoBroker.SkipReason);
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        using MqttSubscriber subscriber = await MqttSubscriber.StartAsync(broker.Port, "edgelstm/#", "edgelstm/probe");
        await using AgentStack agent = await AgentStack.StartAsync(broker.Port, _temp.Combine("outbox"), _logs);
        Alert[] alerts = [.. Enumerable.Range(1, 30).Select(n => TestAlerts.Create(n))];
        for (int i = 0; i < 10; i++)
        {
            agent.Intake.Submit(alerts[i]);
        }

        Assert.True(await Eventually.TrueAsync(() => AlertIds(subscriber).Count == 10));
        await broker.StopAsync();
        Assert.True(await Eventually.TrueAsync(() => !agent.Connection.IsConnected));
        for (int i = 10; i < 30; i++)
        {
            agent.Intake.Submit(alerts[i]);
        }

        Assert.True(agent.Outbox.Count >= 20, "alerts submitted during the outage must wait in the outbox");
        await broker.StartAgainAsync();

        Assert.True(await Eventually.TrueAsync(() => AlertIds(subscriber).Distinct().Count() == 30, seconds: 40), $"received {AlertIds(subscriber).Distinct().Count()} of 30");
        Assert.True(await Eventually.TrueAsync(() => agent.Outbox.Count == 0));
        Assert.Equal(alerts.Select(a => a.Id).Order(), AlertIds(subscriber).Distinct().Order());
    }

    [SkippableFact]
    public async Task Start_AfterAgentRestart_ResendsUnacknowledgedAlertsWithOriginalIds()
    {
        Skip.IfNot(MosquittoBroker.IsAvailable, MosquittoBroker.SkipReason);
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        using MqttSubscriber subscriber = await MqttSubscriber.StartAsync(broker.Port, "edgelstm/#", "edgelstm/probe");
        await broker.StopAsync();
        Alert[] alerts = [.. Enumerable.Range(1, 8).Select(n => TestAlerts.Create(n))];
        await using (AgentStack first = await AgentStack.StartAsync(broker.Port, _temp.Combine("outbox"), _logs))
        {
            foreach (Alert alert in alerts)
            {
                first.Intake.Submit(alert);
            }
        }

        await broker.StartAgainAsync();
        await using AgentStack second = await AgentStack.StartAsync(broker.Port, _temp.Combine("outbox"), _logs);

        Assert.True(await Eventually.TrueAsync(() => AlertIds(subscriber).Count >= alerts.Length, seconds: 30));
        Assert.True(await Eventually.TrueAsync(() => second.Outbox.Count == 0));
        Assert.Equal(alerts.Select(a => a.Id), AlertIds(subscriber));
    }

    [SkippableFact]
    public async Task Stop_Clean_LeavesRetainedOfflineStatus()
    {
        Skip.IfNot(MosquittoBroker.IsAvailable, MosquittoBroker.SkipReason);
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await using (AgentStack agent = await AgentStack.StartAsync(broker.Port, _temp.Combine("outbox"), _logs))
        {
            Assert.True(await Eventually.TrueAsync(() => agent.Connection.IsConnected));
            Assert.Contains("\"state\":\"online\"", await MqttSubscriber.ReadRetainedAsync(broker.Port, StatusTopic), StringComparison.Ordinal);
        }

        string? retained = await MqttSubscriber.ReadRetainedAsync(broker.Port, StatusTopic);

        Assert.NotNull(retained);
        Assert.Contains("\"state\":\"offline\"", retained, StringComparison.Ordinal);
        Assert.DoesNotContain("\"uptimeSeconds\":null", retained, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Submit_OverTlsWithClientCertificate_AlertsArrive()
    {
        Skip.IfNot(MosquittoBroker.IsAvailable && TestCertificates.IsAvailable, MosquittoBroker.SkipReason + ", or openssl is missing");
        using TestCertificates certificates = await TestCertificates.CreateAsync("gw1");
        using MosquittoBroker broker = await MosquittoBroker.StartAsync(port => TlsListener(port, certificates));
        using MqttSubscriber subscriber = await MqttSubscriber.StartAsync(broker.Port, "edgelstm/#", "edgelstm/probe");
        await using AgentStack agent = await AgentStack.StartAsync(broker.SecondPort, _temp.Combine("outbox"), _logs, configure: o => UseTls(o, certificates, "gw1"));
        Alert alert = TestAlerts.Create(1);

        agent.Intake.Submit(alert);

        Assert.True(await Eventually.TrueAsync(() => AlertIds(subscriber).Contains(alert.Id)), "the alert did not cross the TLS listener");
        Assert.True(await Eventually.TrueAsync(() => agent.Outbox.Count == 0));
    }

    [SkippableFact]
    public async Task Submit_TopicOutsideCertificateAcl_BrokerRefusesAndAlertStaysInOutbox()
    {
        Skip.IfNot(MosquittoBroker.IsAvailable && TestCertificates.IsAvailable, MosquittoBroker.SkipReason + ", or openssl is missing");
        using TestCertificates certificates = await TestCertificates.CreateAsync("gw1");
        using MosquittoBroker broker = await MosquittoBroker.StartAsync(port => TlsListener(port, certificates));
        using MqttSubscriber subscriber = await MqttSubscriber.StartAsync(broker.Port, "edgelstm/#", "edgelstm/probe");

        // Device gw2 holding gw1's certificate: deploy/mosquitto/edgelstm.acl lets it write only under edgelstm/gw1/.
        await using AgentStack agent = await AgentStack.StartAsync(broker.SecondPort, _temp.Combine("outbox"), _logs, deviceId: "gw2", configure: o => UseTls(o, certificates, "gw1"));
        agent.Intake.Submit(TestAlerts.Create(1));

        Assert.True(await Eventually.TrueAsync(() => _logs.GetSnapshot().Any(e => e.Id.Id == 2004)), "the broker's refusal was not reported");
        Assert.Equal(1, agent.Outbox.Count);
        Assert.DoesNotContain(subscriber.Messages, m => m.Topic.StartsWith("edgelstm/gw2/", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Start_KeyOfAnotherCertificate_RefusalNamesTheTlsSettings()
    {
        Skip.IfNot(TestCertificates.IsAvailable, "openssl is missing");
        using TestCertificates certificates = await TestCertificates.CreateAsync("gw1", "gw2");
        using MqttConnection connection = CreateConnection(1883, o =>
        {
            UseTls(o, certificates, "gw1");
            o.KeyFile = certificates.File("gw2.key");
        });

        SettingRejectedException error = await Assert.ThrowsAsync<SettingRejectedException>(() => connection.StartAsync(CancellationToken.None));

        Assert.Contains($"Mqtt:CertFile '{certificates.File("gw1.crt")}' with Mqtt:KeyFile '{certificates.File("gw2.key")}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_CaFileRemovedAfterValidation_RefusalNamesTheSetting()
    {
        string missing = _temp.Combine("removed-ca.crt");
        using MqttConnection connection = CreateConnection(1883, o => o.CaFile = missing);

        SettingRejectedException error = await Assert.ThrowsAsync<SettingRejectedException>(() => connection.StartAsync(CancellationToken.None));

        Assert.Contains($"Mqtt:CaFile '{missing}'", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Connect_BrokerCertificateFromAnotherCa_LogsTheTlsVerdict()
    {
        Skip.IfNot(MosquittoBroker.IsAvailable && TestCertificates.IsAvailable, MosquittoBroker.SkipReason + ", or openssl is missing");
        using TestCertificates certificates = await TestCertificates.CreateAsync("gw1");
        using TestCertificates other = await TestCertificates.CreateAsync("gw1");
        using MosquittoBroker broker = await MosquittoBroker.StartAsync(port => TlsListener(port, certificates));
        await using AgentStack agent = await AgentStack.StartAsync(broker.SecondPort, _temp.Combine("outbox"), _logs, configure: o =>
        {
            UseTls(o, certificates, "gw1");
            o.CaFile = other.File("ca.crt");
        });

        Assert.True(await Eventually.TrueAsync(() => _logs.GetSnapshot().Any(e => e.Id.Id == 2003)), "the failure was not logged");
        string message = _logs.GetSnapshot().First(e => e.Id.Id == 2003).Message;
        Assert.Contains("TLS handshake failed", message, StringComparison.Ordinal);
        Assert.Contains("is not signed by a CA of the CA file", message, StringComparison.Ordinal);
        Assert.False(agent.Connection.IsConnected);
    }

    [SkippableFact]
    public async Task Connect_HostNameNotInBrokerCertificate_LogsTheHostNameCheck()
    {
        Skip.IfNot(MosquittoBroker.IsAvailable && TestCertificates.IsAvailable, MosquittoBroker.SkipReason + ", or openssl is missing");
        Skip.IfNot(ResolvesToLoopback(s_otherLoopbackName), $"'{s_otherLoopbackName}' does not resolve to 127.0.0.1 here");
        using TestCertificates certificates = await TestCertificates.CreateAsync("gw1");
        using MosquittoBroker broker = await MosquittoBroker.StartAsync(port => TlsListener(port, certificates));

        // The broker's certificate names localhost and 127.0.0.1; the machine's own name reaches the same server under a name it does not hold.
        await using AgentStack agent = await AgentStack.StartAsync(broker.SecondPort, _temp.Combine("outbox"), _logs, configure: o =>
        {
            UseTls(o, certificates, "gw1");
            o.Host = s_otherLoopbackName;
        });

        Assert.True(await Eventually.TrueAsync(() => _logs.GetSnapshot().Any(e => e.Id.Id == 2003)), "the failure was not logged");
        Assert.Contains("does not name the host", _logs.GetSnapshot().First(e => e.Id.Id == 2003).Message, StringComparison.Ordinal);
        Assert.False(agent.Connection.IsConnected);
    }

    // mosquitto 2.0 answers a wrong password with NotAuthorized (MQTT 5 0x87, MQTT 3.1.1 return code 5); MQTTnet maps both.
    [SkippableTheory]
    [InlineData("V5", "NotAuthorized (0x87)")]
    [InlineData("V311", "NotAuthorized (0x87)")]
    public async Task Connect_WrongPassword_LogsTheBrokersRefusalCode(string protocolName, string code)
    {
        Skip.IfNot(MosquittoBroker.IsAvailable && File.Exists(PasswordTool), MosquittoBroker.SkipReason);
        string passwords = await WritePasswordFileAsync(("gw1", "right"));
        using MosquittoBroker broker = await MosquittoBroker.StartAsync(port => PasswordListener(port, passwords, acl: null));
        await using AgentStack agent = await AgentStack.StartAsync(broker.SecondPort, _temp.Combine("outbox"), _logs, Enum.Parse<MqttProtocol>(protocolName), configure: o =>
        {
            o.Username = "gw1";
            o.Password = "wrong";
        });

        Assert.True(await Eventually.TrueAsync(() => _logs.GetSnapshot().Any(e => e.Id.Id == 2003)), "the refusal was not logged");
        string message = _logs.GetSnapshot().First(e => e.Id.Id == 2003).Message;
        Assert.True(message.Contains($"the broker refused the connection: {code}", StringComparison.Ordinal), message);
        Assert.False(agent.Connection.IsConnected);
    }

    [SkippableFact]
    public async Task Connect_NothingListening_LogsConnectionRefused()
    {
        Skip.IfNot(MosquittoBroker.IsAvailable, MosquittoBroker.SkipReason);
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await broker.StopAsync();
        await using AgentStack agent = await AgentStack.StartAsync(broker.Port, _temp.Combine("outbox"), _logs);

        Assert.True(await Eventually.TrueAsync(() => _logs.GetSnapshot().Any(e => e.Id.Id == 2003)), "the failure was not logged");
        Assert.Contains("ConnectionRefused", _logs.GetSnapshot().First(e => e.Id.Id == 2003).Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Submit_AclRefusesAlertsUnderMqtt5_LoggedOncePerEpisodeRetriedOnScheduleAndReportedOnStatus()
    {
        Skip.IfNot(MosquittoBroker.IsAvailable && File.Exists(PasswordTool), MosquittoBroker.SkipReason);
        string passwords = await WritePasswordFileAsync(("gw1", "secret"));
        string acl = _temp.Combine("status-only.acl");
        await File.WriteAllTextAsync(acl, "user gw1\ntopic write edgelstm/gw1/status\n");
        using MosquittoBroker broker = await MosquittoBroker.StartAsync(port => PasswordListener(port, passwords, acl));
        using MqttSubscriber subscriber = await MqttSubscriber.StartAsync(broker.Port, "edgelstm/#", "edgelstm/probe");
        await using AgentStack agent = await AgentStack.StartAsync(broker.SecondPort, _temp.Combine("outbox"), _logs, configure: o =>
        {
            o.Username = "gw1";
            o.Password = "secret";
            o.RefusedRetrySeconds = 3600;
        });
        Assert.True(await Eventually.TrueAsync(() => agent.Connection.IsConnected));

        for (int n = 1; n <= 5; n++)
        {
            agent.Intake.Submit(TestAlerts.Create(n));
        }

        Assert.True(await Eventually.TrueAsync(() => _logs.GetSnapshot().Count(e => e.Id.Id == 2021) == 4), "later refusals were not logged at debug level");
        Assert.True(await Eventually.TrueAsync(() => subscriber.Messages.Any(m => m.Topic == StatusTopic && m.Payload.Contains("NotAuthorized (0x87)", StringComparison.Ordinal))), "the refusal did not reach the status topic");
        agent.Intake.Submit(TestAlerts.Create(6));
        Assert.True(await Eventually.TrueAsync(() => _logs.GetSnapshot().Count(e => e.Id.Id == 2021) == 5), "the sixth refusal was not logged at debug level");

        Assert.Single(_logs.GetSnapshot(), e => e.Id.Id == 2004);
        Assert.Equal(6, _logs.GetSnapshot().Count(e => e.Id.Id is 2004 or 2021));
        Assert.Equal(6, agent.Outbox.Count);
        Assert.Contains("mqtt: alerts refused: NotAuthorized (0x87)", agent.Status.DeliveryError, StringComparison.Ordinal);
        Assert.DoesNotContain(subscriber.Messages, m => m.Topic == AlertsTopic);
    }

    [SkippableFact]
    public async Task Connect_HomeAssistantDiscoveryOn_RetainedConfigsFollowTheDiscoverySchema()
    {
        Skip.IfNot(MosquittoBroker.IsAvailable, MosquittoBroker.SkipReason);
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        IOptions<AgentOptions> agentOptions = Options.Create(new AgentOptions { DeviceId = "gw1" });
        var discovery = new HomeAssistantDiscovery(
            Options.Create(new HomeAssistantOptions { Enabled = true }),
            agentOptions,
            Options.Create(new MetricsOptions { IntervalSeconds = 30 }),
            new AgentStatus(agentOptions, TimeProvider.System),
            new FakeLogger<HomeAssistantDiscovery>(_logs));
        using (MqttSubscriber live = await MqttSubscriber.StartAsync(broker.Port, "homeassistant/#", "homeassistant/live-probe"))
        await using (AgentStack agent = await AgentStack.StartAsync(broker.Port, _temp.Combine("outbox"), _logs, announcements: [discovery]))
        {
            // Every config reached a subscriber, so the broker holds them all before the agent leaves.
            Assert.True(await Eventually.TrueAsync(() => live.Messages.Count(m => m.Topic.EndsWith("/config", StringComparison.Ordinal)) == 4), "the configs were not published");
        }

        // Retained: a Home Assistant that subscribes after the agent left still finds every entity.
        using MqttSubscriber subscriber = await MqttSubscriber.StartAsync(broker.Port, "homeassistant/#", "homeassistant/probe");
        Assert.True(await Eventually.TrueAsync(() => subscriber.Messages.Count(m => m.Topic.EndsWith("/config", StringComparison.Ordinal)) == 4));
        Dictionary<string, JsonElement> configs = subscriber.Messages.Where(m => m.Topic.EndsWith("/config", StringComparison.Ordinal))
            .ToDictionary(m => m.Topic, m => JsonDocument.Parse(m.Payload).RootElement);

        Assert.Equal(
            ["homeassistant/binary_sensor/edgelstm_gw1_attack/config", "homeassistant/sensor/edgelstm_gw1_alerts/config",
             "homeassistant/sensor/edgelstm_gw1_hosts_tracked/config", "homeassistant/sensor/edgelstm_gw1_packets_per_second/config"],
            configs.Keys.Order());
        foreach ((string topic, JsonElement config) in configs)
        {
            Assert.Equal(topic.Split('/')[2], config.GetProperty("unique_id").GetString());
            Assert.Equal("edgelstm_gw1", config.GetProperty("device").GetProperty("identifiers")[0].GetString());
            JsonElement availability = config.GetProperty("availability")[0];
            Assert.Equal((StatusTopic, "online", "offline"), (availability.GetProperty("topic").GetString(), availability.GetProperty("payload_available").GetString(), availability.GetProperty("payload_not_available").GetString()));
            Assert.Equal("edgelstm-agent", config.GetProperty("origin").GetProperty("name").GetString());
        }

        JsonElement attack = configs["homeassistant/binary_sensor/edgelstm_gw1_attack/config"];
        Assert.Equal((AlertsTopic, "ON", "ON", "OFF", 300), (attack.GetProperty("state_topic").GetString(), attack.GetProperty("value_template").GetString()!.Trim('{', '}', ' ', '\''), attack.GetProperty("payload_on").GetString(), attack.GetProperty("payload_off").GetString(), attack.GetProperty("off_delay").GetInt32()));
        JsonElement packets = configs["homeassistant/sensor/edgelstm_gw1_packets_per_second/config"];
        Assert.Equal(("edgelstm/gw1/metrics", "{{ value_json.packetsPerSecond }}", "measurement"), (packets.GetProperty("state_topic").GetString(), packets.GetProperty("value_template").GetString(), packets.GetProperty("state_class").GetString()));
        Assert.Equal("{{ value_json.hostsTracked }}", configs["homeassistant/sensor/edgelstm_gw1_hosts_tracked/config"].GetProperty("value_template").GetString());
        Assert.Equal("{{ value_json.alerts }}", configs["homeassistant/sensor/edgelstm_gw1_alerts/config"].GetProperty("value_template").GetString());
    }

    private const string PasswordTool = "/usr/bin/mosquitto_passwd";

    // A name for the loopback address other than the two the test broker's certificate holds.
    private static readonly string s_otherLoopbackName = System.Net.Dns.GetHostName();

    private static bool ResolvesToLoopback(string name)
    {
        try
        {
            return name != "localhost" && System.Net.Dns.GetHostAddresses(name).Contains(System.Net.IPAddress.Loopback);
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private MqttConnection CreateConnection(int port, Action<MqttOptions> configure)
    {
        var mqtt = new MqttOptions { Host = "127.0.0.1", Port = port };
        configure(mqtt);
        IOptions<AgentOptions> agent = Options.Create(new AgentOptions { DeviceId = "gw1" });
        return new MqttConnection(Options.Create(mqtt), agent, new AgentStatus(agent, TimeProvider.System), [], new DeliveryEvents([], new FakeLogger<DeliveryEvents>(_logs)), TimeProvider.System, new FakeLogger<MqttConnection>(_logs));
    }

    private async Task<string> WritePasswordFileAsync(params (string User, string Password)[] users)
    {
        string path = _temp.Combine("passwords");
        await File.WriteAllTextAsync(path, string.Empty);
        foreach ((string user, string password) in users)
        {
            using System.Diagnostics.Process process = System.Diagnostics.Process.Start(PasswordTool, ["-b", path, user, password]);
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
        }

        return path;
    }

    private static string PasswordListener(int port, string passwords, string? acl) => $"""
        listener {port} 127.0.0.1
        allow_anonymous false
        password_file {passwords}
        {(acl is null ? string.Empty : "acl_file " + acl)}
        """;

    private static string TlsListener(int port, TestCertificates certificates) => $"""
        listener {port} 127.0.0.1
        cafile {certificates.File("ca.crt")}
        certfile {certificates.File("broker.crt")}
        keyfile {certificates.File("broker.key")}
        require_certificate true
        use_identity_as_username true
        allow_anonymous false
        acl_file {RepositoryPaths.Deploy("mosquitto", "edgelstm.acl")}
        """;

    private static void UseTls(MqttOptions options, TestCertificates certificates, string certificateName)
    {
        options.Host = "localhost";
        options.CaFile = certificates.File("ca.crt");
        options.CertFile = certificates.File(certificateName + ".crt");
        options.KeyFile = certificates.File(certificateName + ".key");
    }

    private static List<Guid> AlertIds(MqttSubscriber subscriber) =>
        [.. subscriber.Messages.Where(m => m.Topic == AlertsTopic).Select(m =>
        {
            using JsonDocument json = JsonDocument.Parse(m.Payload);
            return json.RootElement.GetProperty("id").GetGuid();
        })];
}
