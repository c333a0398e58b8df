using System.Threading.Channels;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.Features.Capture;
using EdgeLstm.Features.Windows;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>The <c>replay</c> source: a capture file replayed at <see cref="DetectionOptions.ReplaySpeed"/> (0 for as fast as
/// possible), per-host window features. Lossless: a full queue makes the replay wait.</summary>
internal sealed class ReplayFeatureSource : IFeatureSource
{
    private readonly DetectionOptions _options;
    private readonly AgentCounters _counters;
    private readonly TimeProvider _time;
    private readonly WindowFeatureOptions _windows;

    /// <summary>Initializes the source of <see cref="DetectionOptions.CaptureFile"/>, computing windows of <paramref name="window"/>.</summary>
    public ReplayFeatureSource(DetectionOptions options, TimeSpan window, AgentCounters counters, TimeProvider time)
    {
        _options = options;
        _counters = counters;
        _time = time;
        _windows = DetectionSources.WindowOptions(options, window);
        Schema = CaptureFeatureLoop.Schema(_windows);
    }

    /// <inheritdoc/>
    public FeatureSchema Schema { get; }

    /// <inheritdoc/>
    public bool IsLossless => true;

    /// <inheritdoc/>
    public string Description => $"capture {_options.CaptureFile} at speed {(_options.ReplaySpeed == 0 ? "max" : _options.ReplaySpeed)}, {SchemaBinding.DescribeWindow(_windows.Window.TotalSeconds)}";

    /// <inheritdoc/>
    public async Task RunAsync(ChannelWriter<FeatureRow> writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        long? firstWindow = null;
        long started = _time.GetTimestamp();
        try
        {
            await CaptureFeatureLoop.RunAsync(CaptureFile.Open(_options.CaptureFile), _windows, wallClock: null, _counters, Deliver, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            writer.TryComplete();
        }

        async ValueTask Deliver(FeatureRow row, CancellationToken token)
        {
            if (_options.ReplaySpeed > 0)
            {
                // Recorded pace: a window is handed on when as much time has passed as separates it from the first.
                firstWindow ??= row.WindowStartNanoseconds;
                var due = TimeSpan.FromTicks((long)((row.WindowStartNanoseconds - firstWindow.Value) / 100 / _options.ReplaySpeed));
                TimeSpan wait = due - _time.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, token).ConfigureAwait(false);
                }
            }

            await writer.WriteAsync(row, token).ConfigureAwait(false);
        }
    }
}
