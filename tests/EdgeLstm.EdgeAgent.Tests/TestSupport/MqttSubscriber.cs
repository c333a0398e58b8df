using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>One message a subscriber received.</summary>
internal sealed record ReceivedMessage(string Topic, string Payload);

/// <summary>An independent MQTT client, Debian's mosquitto_sub, with a persistent QoS 1 session so it misses nothing across broker restarts.</summary>
internal sealed class MqttSubscriber : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<ReceivedMessage> _messages = new();

    private MqttSubscriber(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.IndexOf(' ', StringComparison.Ordinal) is var space and > 0)
            {
                _messages.Enqueue(new ReceivedMessage(line[..space], line[(space + 1)..]));
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyList<ReceivedMessage> Messages => [.. _messages];

    /// <summary>Subscribes to <paramref name="topicFilter"/> and returns once a probe message shows the subscription is live.</summary>
    public static async Task<MqttSubscriber> StartAsync(int port, string topicFilter, string probeTopic)
    {
        string id = "test-sub-" + Guid.NewGuid().ToString("N")[..8];
        var start = new ProcessStartInfo(MosquittoBroker.SubscriberPath, ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-i", id, "-c", "-q", "1", "-v", "-t", topicFilter])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var subscriber = new MqttSubscriber(Process.Start(start) ?? throw new InvalidOperationException("mosquitto_sub did not start"));
        for (int attempt = 0; attempt < 100; attempt++)
        {
            await PublishAsync(port, probeTopic, "probe");
            if (await Eventually.TrueAsync(() => subscriber.Messages.Any(m => m.Topic == probeTopic), seconds: 1))
            {
                return subscriber;
            }
        }

        subscriber.Dispose();
        throw new InvalidOperationException("mosquitto_sub never received the probe");
    }

    /// <summary>Reads the retained message of a topic, or null when there is none.</summary>
    public static async Task<string?> ReadRetainedAsync(int port, string topic)
    {
        var start = new ProcessStartInfo(MosquittoBroker.SubscriberPath, ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-t", topic, "-C", "1", "-W", "2", "--retained-only"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto_sub did not start");
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Length > 0 ? output.TrimEnd('\n') : null;
    }

    public static async Task PublishAsync(int port, string topic, string message)
    {
        using Process process = Process.Start(new ProcessStartInfo(MosquittoBroker.PublisherPath, ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-t", topic, "-m", message, "-q", "1"])
        {
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("mosquitto_pub did not start");
        await process.WaitForExitAsync();
    }

    public void Dispose()
    {
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
    }
}
