using System.Threading.Channels;
using EdgeLstm.EdgeAgent.Mqtt;

namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>One message an <see cref="InMemoryPublisher"/> accepted.</summary>
internal sealed record PublishedMessage(string Topic, byte[] Payload, MqttQos Qos, bool Retain, int MessageId);

/// <summary>An <see cref="IAlertPublisher"/> fake: records publishes; the test raises the connection events.</summary>
internal sealed class InMemoryPublisher : IAlertPublisher
{
    private readonly Channel<PublisherEvent> _events = Channel.CreateUnbounded<PublisherEvent>();
    private readonly Lock _lock = new();
    private readonly List<PublishedMessage> _published = [];
    private int _nextMessageId;

    public ChannelReader<PublisherEvent> Events => _events.Reader;

    public bool Started { get; private set; }

    public bool Stopped { get; private set; }

    /// <summary>Gets or sets a value indicating whether <see cref="Publish"/> throws like a disconnected client.</summary>
    public bool FailPublishes { get; set; }

    public IReadOnlyList<PublishedMessage> Published
    {
        get
        {
            lock (_lock)
            {
                return [.. _published];
            }
        }
    }

    public void Start() => Started = true;

    public int Publish(string topic, ReadOnlySpan<byte> payload, MqttQos qos, bool retain)
    {
        if (FailPublishes)
        {
            throw new MqttException("mosquitto_publish", 4, "The client is not currently connected.");
        }

        lock (_lock)
        {
            int id = ++_nextMessageId;
            _published.Add(new PublishedMessage(topic, payload.ToArray(), qos, retain, id));
            return id;
        }
    }

    public void Stop() => Stopped = true;

    public void Raise(PublisherEvent publisherEvent) => Assert.True(_events.Writer.TryWrite(publisherEvent));

    public void Dispose() => _events.Writer.TryComplete();
}
