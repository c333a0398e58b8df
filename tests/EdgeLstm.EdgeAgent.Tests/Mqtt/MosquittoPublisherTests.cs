using System.Text.Json;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Mqtt;
using EdgeLstm.EdgeAgent.Tests.TestSupport;

namespace EdgeLstm.EdgeAgent.Tests.Mqtt;

/// <summary>The libmosquitto client against a real mosquitto broker and an independent subscriber (mosquitto_sub).</summary>
public sealed class MosquittoPublisherTests : IDisposable
{
    private const string AlertsTopic = "edgelstm/gw1/alerts";
    private const string StatusTopic = "edgelstm/gw1/status";

    private readonly TempDirectory _temp = new();
    private readonly ListLoggerProvider _logs = new();

    public void Dispose()
    {
        _logs.Dispose();
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
            agent.Dispatcher.Submit(alert);
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
            agent.Dispatcher.Submit(alerts[i]);
        }

        Assert.True(await Eventually.TrueAsync(() => AlertIds(subscriber).Count == 10));
        await broker.StopAsync();
        Assert.True(await Eventually.TrueAsync(() => !agent.Dispatcher.IsConnected));
        for (int i = 10; i < 30; i++)
        {
            agent.Dispatcher.Submit(alerts[i]);
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
                first.Dispatcher.Submit(alert);
            }
        }

        await broker.StartAgainAsync();
        await using AgentStack second = await AgentStack.StartAsync(broker.Port, _temp.Combine("outbox"), _logs);

        Assert.True(await Eventually.TrueAsync(() => AlertIds(subscriber).Count >= alerts.Length, seconds: 30));
        Assert.True(await Eventually.TrueAsync(() => second.Outbox.Count == 0));
        Assert.Equal(alerts.Select(a => a.Id), AlertIds(subscriber));
    }

    [SkippableFact]
    public async Task Publish_WildcardTopic_ThrowsNamingTheCall()
    {
        Skip.IfNot(MosquittoBroker.IsAvailable, MosquittoBroker.SkipReason);
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await using AgentStack agent = await AgentStack.StartAsync(broker.Port, _temp.Combine("outbox"), _logs);
        Assert.True(await Eventually.TrueAsync(() => agent.Dispatcher.IsConnected));

        MqttException exception = Assert.Throws<MqttException>(() => agent.Publisher.Publish("edgelstm/#", "x"u8, MqttQos.AtLeastOnce, retain: false));

        Assert.Equal("mosquitto_publish", exception.Call);
        Assert.StartsWith("mosquitto_publish failed", exception.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Stop_Clean_LeavesRetainedOfflineStatus()
    {
        Skip.IfNot(MosquittoBroker.IsAvailable, MosquittoBroker.SkipReason);
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        await using (AgentStack agent = await AgentStack.StartAsync(broker.Port, _temp.Combine("outbox"), _logs))
        {
            Assert.True(await Eventually.TrueAsync(() => agent.Dispatcher.IsConnected));
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

        agent.Dispatcher.Submit(alert);

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
        agent.Dispatcher.Submit(TestAlerts.Create(1));

        Assert.True(await Eventually.TrueAsync(() => _logs.Entries.Any(e => e.EventId.Id == 2004)), "the broker's refusal was not reported");
        Assert.Equal(1, agent.Outbox.Count);
        Assert.DoesNotContain(subscriber.Messages, m => m.Topic.StartsWith("edgelstm/gw2/", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Start_KeyOfAnotherCertificate_LibmosquittoRefusalNamesTheTlsSettings()
    {
        Skip.IfNot(MosquittoBroker.IsAvailable && TestCertificates.IsAvailable, MosquittoBroker.SkipReason + ", or openssl is missing");
        using TestCertificates certificates = await TestCertificates.CreateAsync("gw1", "gw2");
        using MosquittoBroker broker = await MosquittoBroker.StartAsync(port => TlsListener(port, certificates));
        using MosquittoPublisher publisher = CreatePublisher(broker.SecondPort, o =>
        {
            UseTls(o, certificates, "gw1");
            o.KeyFile = certificates.File("gw2.key");
        });

        SettingRejectedException error = Assert.Throws<SettingRejectedException>(publisher.Start);

        Assert.Contains($"Mqtt:CertFile '{certificates.File("gw1.crt")}', Mqtt:KeyFile '{certificates.File("gw2.key")}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("mosquitto_connect_async failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_CaFileRemovedAfterValidation_LibmosquittoRefusalNamesTheTlsSettings()
    {
        string missing = _temp.Combine("removed-ca.crt");
        using MosquittoPublisher publisher = CreatePublisher(1883, o => o.CaFile = missing);

        SettingRejectedException error = Assert.Throws<SettingRejectedException>(publisher.Start);

        Assert.Contains($"Mqtt:CaFile '{missing}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("mosquitto_tls_set failed", error.Message, StringComparison.Ordinal);
    }

    private MosquittoPublisher CreatePublisher(int port, Action<MqttOptions> configure)
    {
        var mqtt = new MqttOptions { Host = "127.0.0.1", Port = port };
        configure(mqtt);
        Microsoft.Extensions.Options.IOptions<AgentOptions> agent = Microsoft.Extensions.Options.Options.Create(new AgentOptions { DeviceId = "gw1" });
        return new MosquittoPublisher(Microsoft.Extensions.Options.Options.Create(mqtt), agent, new AgentStatus(agent, TimeProvider.System), _logs.CreateLogger<MosquittoPublisher>());
    }

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
