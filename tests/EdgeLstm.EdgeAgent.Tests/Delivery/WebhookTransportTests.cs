using System.Text.Json;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Delivery;
using EdgeLstm.EdgeAgent.Outbox;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Tests.Delivery;

/// <summary>The webhook transport against a local HTTPS server the test starts, with a certificate it makes.</summary>
public sealed class WebhookTransportTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeLogCollector _logs = new();

    public void Dispose()
    {
        _temp.Dispose();
    }

    [Fact]
    public async Task DeliverAsync_CaFileAndTokenFile_PostsThePayloadByteForByteWithBearerAndIdempotencyKey()
    {
        await using HttpsTestServer server = HttpsTestServer.Start(_temp.Combine("ca.crt"));
        string tokenFile = _temp.Combine("token");
        await File.WriteAllTextAsync(tokenFile, "s3cr3t-token\n");
        using WebhookTransport transport = Create(server, o => o.BearerTokenFile = tokenFile);
        OutboxEntry entry = Entry(TestAlerts.Create(1));

        DeliveryResult result = await transport.DeliverAsync(entry, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        ReceivedRequest request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/alerts"), (request.Method, request.Path));
        Assert.Equal(entry.Payload.ToArray(), request.Body);
        Assert.Equal("Bearer s3cr3t-token", request.Headers["Authorization"]);
        Assert.Equal("application/json", request.Headers["Content-Type"]);
        Assert.Equal(entry.Id.ToString(), request.Headers["Idempotency-Key"]);
    }

    public static TheoryData<int, string> Answers => new()
    {
        { 200, nameof(DeliveryOutcome.Delivered) },
        { 202, nameof(DeliveryOutcome.Delivered) },
        { 400, nameof(DeliveryOutcome.Refused) },
        { 401, nameof(DeliveryOutcome.Refused) },
        { 408, nameof(DeliveryOutcome.Failed) },
        { 429, nameof(DeliveryOutcome.Failed) },
        { 500, nameof(DeliveryOutcome.Failed) },
        { 503, nameof(DeliveryOutcome.Failed) },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task DeliverAsync_StatusCode_MapsToOutcome(int status, string outcome)
    {
        DeliveryOutcome expected = Enum.Parse<DeliveryOutcome>(outcome);
        await using HttpsTestServer server = HttpsTestServer.Start(_temp.Combine("ca.crt"));
        server.Status = status;
        using WebhookTransport transport = Create(server);

        DeliveryResult result = await transport.DeliverAsync(Entry(TestAlerts.Create(1)), CancellationToken.None);

        Assert.Equal(expected, result.Outcome);
        if (expected != DeliveryOutcome.Delivered)
        {
            Assert.StartsWith($"HTTP {status}", result.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DeliverAsync_CertificateNotFromTheCaFile_FailsNamingTheTlsVerdictAndSendsNothing()
    {
        await using HttpsTestServer server = HttpsTestServer.Start(_temp.Combine("ca.crt"));
        (string otherCa, _) = PemFiles.WriteEcdsa(_temp, "other-ca");
        using WebhookTransport transport = Create(server, o => o.CaFile = otherCa);

        DeliveryResult result = await transport.DeliverAsync(Entry(TestAlerts.Create(1)), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Failed, result.Outcome);
        Assert.Contains("is not signed by a CA of the CA file", result.Reason, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
        Assert.Contains(_logs.GetSnapshot(), e => e.Id.Id == 2041);
    }

    [Fact]
    public async Task DeliverAsync_NothingListening_FailsWithConnectionRefused()
    {
        int port;
        await using (HttpsTestServer server = HttpsTestServer.Start(_temp.Combine("ca.crt")))
        {
            port = server.Port;
        }

        using WebhookTransport transport = new(
            Options.Create(new WebhookOptions { Url = $"https://127.0.0.1:{port}/alerts", CaFile = _temp.Combine("ca.crt"), TimeoutSeconds = 5 }),
            new DeliveryEvents([], new FakeLogger<DeliveryEvents>(_logs)),
            new FakeLogger<WebhookTransport>(_logs));

        DeliveryResult result = await transport.DeliverAsync(Entry(TestAlerts.Create(1)), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Failed, result.Outcome);
        Assert.Contains("ConnectionRefused", result.Reason, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Submit_BrokerAndWebhook_AlertLeavesOutboxOnlyAfterBothAcknowledged()
    {
        Skip.IfNot(MosquittoBroker.IsAvailable, MosquittoBroker.SkipReason);
        using MosquittoBroker broker = await MosquittoBroker.StartAsync();
        using MqttSubscriber subscriber = await MqttSubscriber.StartAsync(broker.Port, "edgelstm/#", "edgelstm/probe");
        await using HttpsTestServer server = HttpsTestServer.Start(_temp.Combine("ca.crt"));
        server.Status = 503;
        await using AgentStack agent = await AgentStack.StartAsync(broker.Port, _temp.Combine("outbox"), _logs, extraTransports: events =>
        [
            new WebhookTransport(Options.Create(OptionsFor(server)), events, new FakeLogger<WebhookTransport>(_logs)),
        ]);
        Alert[] alerts = [.. Enumerable.Range(1, 3).Select(n => TestAlerts.Create(n))];

        foreach (Alert alert in alerts)
        {
            agent.Intake.Submit(alert);
        }

        Assert.True(await Eventually.TrueAsync(() => subscriber.Messages.Count(m => m.Topic == "edgelstm/gw1/alerts") == 3), "the broker did not get the alerts");
        Assert.True(await Eventually.TrueAsync(() => server.Requests.Count >= 3), "the webhook was not tried");
        Assert.Equal(3, agent.Outbox.Count);
        server.Status = 200;

        Assert.True(await Eventually.TrueAsync(() => agent.Outbox.Count == 0, seconds: 30), "the alerts stayed after the webhook accepted them");
        Assert.Equal(alerts.Select(a => a.Id).Order(), server.Requests.Skip(server.Requests.Count - 3).Select(r => IdOf(r.Body)).Order());
        Assert.Equal(3, subscriber.Messages.Count(m => m.Topic == "edgelstm/gw1/alerts"));
    }

    private WebhookOptions OptionsFor(HttpsTestServer server) =>
        new() { Url = server.Url.ToString(), CaFile = _temp.Combine("ca.crt"), TimeoutSeconds = 5, RetryMaxDelaySeconds = 1 };

    private WebhookTransport Create(HttpsTestServer server, Action<WebhookOptions>? configure = null)
    {
        WebhookOptions options = OptionsFor(server);
        configure?.Invoke(options);
        return new WebhookTransport(Options.Create(options), new DeliveryEvents([], new FakeLogger<DeliveryEvents>(_logs)), new FakeLogger<WebhookTransport>(_logs));
    }

    private static OutboxEntry Entry(Alert alert) => new(alert.Id, JsonSerializer.SerializeToUtf8Bytes(alert, AgentJsonContext.Default.Alert));

    private static Guid IdOf(byte[] payload)
    {
        using JsonDocument json = JsonDocument.Parse(payload);
        return json.RootElement.GetProperty("id").GetGuid();
    }
}
