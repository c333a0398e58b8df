using EdgeLstm.EdgeAgent.Mqtt;

namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>One message a <see cref="FakeMqttConnection"/> accepted.</summary>
internal sealed record PublishedMessage(string Topic, byte[] Payload, MqttQos Qos, bool Retain);

/// <summary>An <see cref="IMqttConnection"/> fake: records publishes; the test connects, disconnects and chooses the broker's answer.</summary>
internal sealed class FakeMqttConnection : IMqttConnection
{
    private readonly Lock _lock = new();
    private readonly List<PublishedMessage> _published = [];
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsConnected => _connected.Task.IsCompleted;

    public Task FirstConnection => _first.Task;

    /// <summary>Gets or sets the broker's answer to each publish (default: success).</summary>
    public Func<PublishedMessage, MqttPublishOutcome> Answer { get; set; } = _ => new MqttPublishOutcome(0, "Success", null);

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

    public void Connect()
    {
        lock (_lock)
        {
            _ = _connected.TrySetResult();
            _ = _first.TrySetResult();
        }
    }

    public void Disconnect()
    {
        lock (_lock)
        {
            if (_connected.Task.IsCompleted)
            {
                _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public Task WaitConnectedAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _connected.Task.WaitAsync(cancellationToken);
        }
    }

    public Task<MqttPublishOutcome> PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQos qos, bool retain, CancellationToken cancellationToken)
    {
        if (!IsConnected)
        {
            throw new MqttException($"Publishing on {topic} failed: not connected");
        }

        var message = new PublishedMessage(topic, payload.ToArray(), qos, retain);
        lock (_lock)
        {
            _published.Add(message);
        }

        return Task.FromResult(Answer(message));
    }
}
