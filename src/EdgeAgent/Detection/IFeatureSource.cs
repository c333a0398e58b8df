using System.Threading.Channels;
using EdgeLstm.Features.Windows;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>A source of feature rows for the scoring loop: what it computes, whether it may lose rows, how logs name it,
/// and the loop that produces them.</summary>
internal interface IFeatureSource
{
    /// <summary>Gets the schema of the rows (a model of another schema is refused).</summary>
    FeatureSchema Schema { get; }

    /// <summary>Gets whether the source waits for scoring when the queue is full (lossless); otherwise it drops the row and
    /// counts it in <see cref="Alerts.AgentCounters.CaptureDrops"/>.</summary>
    bool IsLossless { get; }

    /// <summary>Gets how logs name the source, such as <c>interface eth0</c>.</summary>
    string Description { get; }

    /// <summary>Produces rows until the input ends or <paramref name="cancellationToken"/> is cancelled, then completes
    /// <paramref name="writer"/> (also on failure).</summary>
    /// <param name="writer">The queue to the scoring loop, bounded; full mode as <see cref="IsLossless"/> says.</param>
    /// <param name="cancellationToken">Ends the source.</param>
    Task RunAsync(ChannelWriter<FeatureRow> writer, CancellationToken cancellationToken);
}
