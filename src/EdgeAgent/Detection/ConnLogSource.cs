using System.Threading.Channels;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.Features.Flows;
using EdgeLstm.Features.Windows;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>The <c>zeek</c> source: follows a Zeek conn.log like <c>tail -F</c> and turns each connection record into
/// one <c>edgelstm.flow</c> feature vector (<see cref="FlowFeatures"/>, the definition the trainer's <c>--format flow</c>
/// uses), whose entity is the originating host (id.orig_h) and whose time is the connection's start.</summary>
/// <remarks>Records reach a host's history in start-time order within <see cref="DetectionOptions.ConnLogReorderSeconds"/>,
/// as the trainer orders them. A malformed line is counted and logged with file:line; only a header without the
/// required columns stops the source.</remarks>
internal sealed class ConnLogSource : IFeatureSource
{
    // Enough lines to show what is wrong with a log; after that one line in so many keeps the count visible without flooding.
    private const long LoggedMalformedLines = 100;
    private const long MalformedLogInterval = 1000;

    private readonly FlowLogFollower _follower;
    private readonly ILogger _logger;
    private readonly AgentCounters? _counters;
    private readonly FlowReorderBuffer _reorder;
    private readonly DetectionOptions _options;

    /// <summary>Initializes the source of the configured conn.log.</summary>
    /// <param name="options">The detection options (<see cref="DetectionOptions.ConnLog"/>, <see cref="DetectionOptions.ConnLogFromStart"/>,
    /// <see cref="DetectionOptions.ConnLogReorderSeconds"/>).</param>
    /// <param name="logger">Receives malformed lines and (re)openings of the log.</param>
    /// <param name="counters">Receives the count of malformed lines, for the metrics topic; null to only log them.</param>
    /// <param name="pollInterval">How long to wait at the end of the log; default 250 ms.</param>
    public ConnLogSource(DetectionOptions options, ILogger logger, AgentCounters? counters = null, TimeSpan? pollInterval = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger;
        _counters = counters;
        _reorder = new FlowReorderBuffer(TimeSpan.FromSeconds(options.ConnLogReorderSeconds));
        _follower = new FlowLogFollower(options.ConnLog, new FlowFollowOptions
        {
            FromStart = options.ConnLogFromStart,
            PollInterval = pollInterval ?? FlowFollowOptions.DefaultPollInterval,
            MalformedLine = ReportMalformed,
            Opened = (path, rotated) => DetectionLog.ConnLogOpened(_logger, path, rotated),
            Missing = path => DetectionLog.ConnLogMissing(_logger, path),
        });
    }

    /// <inheritdoc/>
    public FeatureSchema Schema => FlowFeatures.Schema;

    /// <summary>Gets a value indicating that a log is never dropped from: a full queue makes the follower wait.</summary>
    public bool IsLossless => true;

    /// <inheritdoc/>
    public string Description => $"Zeek conn.log {_options.ConnLog} from its {(_options.ConnLogFromStart ? "start" : "end")}";

    /// <summary>Gets the number of records read.</summary>
    public long RecordsRead => _follower.RecordsRead;

    /// <summary>Gets the number of lines skipped as malformed.</summary>
    public long MalformedLines => _follower.MalformedLines;

    /// <summary>Gets the number of records that came too late to be put in start-time order.</summary>
    public long LateRecords => _reorder.LateRecords;

    /// <summary>Follows the log, writing one row per record in start-time order (within the reorder horizon), until
    /// cancelled; completes the writer when it ends.</summary>
    /// <param name="writer">The queue to the scoring loop.</param>
    /// <param name="cancellationToken">Ends following.</param>
    /// <exception cref="FlowLogFormatException">The log's header lacks a required column.</exception>
    public async Task RunAsync(ChannelWriter<FeatureRow> writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var released = new List<FlowRecord>();
        try
        {
            await using IAsyncEnumerator<FlowRecord> records = _follower.FollowAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                Task<bool> next = records.MoveNextAsync().AsTask();
                if (_reorder.Count > 0 && !await CompletesWithinAsync(next, _reorder.Horizon, cancellationToken).ConfigureAwait(false))
                {
                    // The log was quiet for a whole horizon: no later record is coming to release the held ones.
                    _reorder.TakeAll(released);
                    await WriteAsync(writer, released, cancellationToken).ConfigureAwait(false);
                }

                if (!await next.ConfigureAwait(false))
                {
                    break;
                }

                _reorder.Add(records.Current, released);
                await WriteAsync(writer, released, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            writer.TryComplete();
        }
    }

    // WaitAsync's timer goes with the wait, where a Task.Delay raced against each record would pile up timers.
    private static async Task<bool> CompletesWithinAsync(Task<bool> task, TimeSpan limit, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(limit, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The follower ends its enumeration on the same cancellation; the caller sees that.
            return true;
        }
    }

    private static async Task WriteAsync(ChannelWriter<FeatureRow> writer, List<FlowRecord> released, CancellationToken cancellationToken)
    {
        foreach (FlowRecord record in released)
        {
            // Each row keeps its own vector: the queue holds rows until the scoring loop takes them.
            float[] features = new float[FlowFeatures.Count];
            FlowFeatures.Write(record, features);
            await writer.WriteAsync(new FeatureRow(record.OriginHost, record.TimestampNanoseconds, features), cancellationToken).ConfigureAwait(false);
        }

        released.Clear();
    }

    private void ReportMalformed(FlowLogFormatException problem)
    {
        long count = _follower.MalformedLines;
        _counters?.SetMalformed(count);
        if (count <= LoggedMalformedLines || count % MalformedLogInterval == 0)
        {
            DetectionLog.MalformedFlowLine(_logger, problem.Message, count);
        }
    }
}
