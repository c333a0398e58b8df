using System.Collections.Concurrent;
using EdgeLstm.EdgeAgent.Delivery;
using EdgeLstm.EdgeAgent.Outbox;

namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>An <see cref="IAlertTransport"/> fake: records every delivery attempt and answers what the test says.</summary>
internal sealed class FakeTransport(string name, TimeSpan? refusedRetry = null) : IAlertTransport
{
    private readonly ConcurrentQueue<Guid> _attempts = new();

    public string Name { get; } = name;

    public bool IsEnabled { get; init; } = true;

    public DeliveryPolicy Policy { get; } = new(4, refusedRetry ?? TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20));

    /// <summary>Gets or sets the answer to each attempt (default: delivered).</summary>
    public Func<OutboxEntry, DeliveryResult> Answer { get; set; } = _ => DeliveryResult.Delivered;

    public IReadOnlyList<Guid> Attempts => [.. _attempts];

    public Task WaitUntilReadyAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<DeliveryResult> DeliverAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        _attempts.Enqueue(entry.Id);
        return Task.FromResult(Answer(entry));
    }
}
