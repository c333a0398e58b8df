using System.Threading.Channels;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.Features.Capture;
using EdgeLstm.Features.Windows;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>The <c>live</c> source: a network interface captured through libpcap, per-host window features. Live traffic
/// does not wait: a row the full queue refuses is dropped and counted (the one place the pipeline drops rows).</summary>
internal sealed class LiveFeatureSource : IFeatureSource
{
    private readonly DetectionOptions _options;
    private readonly AgentCounters _counters;
    private readonly WindowFeatureOptions _windows;

    /// <summary>Initializes the source of <see cref="DetectionOptions.Interface"/>, computing windows of <paramref name="window"/>.</summary>
    public LiveFeatureSource(DetectionOptions options, TimeSpan window, AgentCounters counters)
    {
        _options = options;
        _counters = counters;
        _windows = DetectionSources.WindowOptions(options, window);
        Schema = CaptureFeatureLoop.Schema(_windows);
    }

    /// <inheritdoc/>
    public FeatureSchema Schema { get; }

    /// <inheritdoc/>
    public bool IsLossless => false;

    /// <inheritdoc/>
    public string Description => $"interface {_options.Interface}, {SchemaBinding.DescribeWindow(_windows.Window.TotalSeconds)}";

    /// <inheritdoc/>
    public async Task RunAsync(ChannelWriter<FeatureRow> writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        try
        {
            var capture = new LiveCaptureOptions { Interface = _options.Interface, Filter = _options.Filter.Length == 0 ? null : _options.Filter, Promiscuous = _options.Promiscuous };

            // Live windows close by the wall clock too, so an alert does not wait for the next packet on a quiet link; the
            // system clock, not the agent's TimeProvider, because packet timestamps come from the kernel's clock.
            await CaptureFeatureLoop.RunAsync(LiveCaptureSource.Open(capture, cancellationToken), _windows, TimeProvider.System, _counters, Deliver, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            writer.TryComplete();
        }

        ValueTask Deliver(FeatureRow row, CancellationToken token)
        {
            if (!writer.TryWrite(row))
            {
                _counters.AddCaptureDrops(1);
            }

            return ValueTask.CompletedTask;
        }
    }
}
