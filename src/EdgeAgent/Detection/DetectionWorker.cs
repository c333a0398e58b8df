using System.Threading.Channels;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Outbox;
using EdgeLstm.EdgeAgent.Systemd;
using EdgeLstm.Features.Decoding;
using EdgeLstm.Features.Flows;
using EdgeLstm.Features.Windows;
using EdgeLstm.Model;
using EdgeLstm.Model.Scoring;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Runs the detection pipeline: packets → per-host windows (capture thread), or Zeek conn.log records → one
/// flow vector each → bounded queue → model score per host over its last T rows → alert policy → durable alert sink.
/// Only the live capture side may drop, and it counts.</summary>
internal sealed class DetectionWorker : BackgroundService
{
    private readonly DetectionOptions _options;
    private readonly IAlertSink _sink;
    private readonly IAlertOutbox _outbox;
    private readonly AgentCounters _counters;
    private readonly AgentStatus _status;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<DetectionWorker> _logger;
    private readonly PipelineLiveness? _liveness;
    private LivenessProbe? _probe;

    public DetectionWorker(
        IOptions<DetectionOptions> options,
        IAlertSink sink,
        IAlertOutbox outbox,
        AgentCounters counters,
        AgentStatus status,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        ILogger<DetectionWorker> logger,
        PipelineLiveness? liveness = null)
    {
        _options = options.Value;
        _sink = sink;
        _outbox = outbox;
        _counters = counters;
        _status = status;
        _time = time;
        _lifetime = lifetime;
        _logger = logger;
        _liveness = liveness;
    }

    /// <summary>Gets the number of alerts raised since start.</summary>
    public long AlertsRaised { get; private set; }

    /// <summary>Gets the number of hosts the history forgot to stay within its capacity, once scoring has ended.</summary>
    public long HostsEvicted { get; private set; }

    /// <summary>Gets the most hosts the history tracked at once, once scoring has ended.</summary>
    public int PeakHostsTracked { get; private set; }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // A model or source that cannot work stops the service non-zero, so systemd restarts it and logs say why.
            DetectionLog.Failed(_logger, error.Message, error);
            Environment.ExitCode = 1;
            _lifetime.StopApplication();
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(_options.ModelPath))
        {
            DetectionLog.NoModel(_logger);
            return;
        }

        // The source computes the model's window (DESIGN.md: the schema travels from the data into the model and on to
        // the agent), so the window is read before the source is built; the reloader then reads and binds the model.
        IFeatureSource source = DetectionSources.Create(_options, _counters, _time, _logger, ModelBinding.StoredWindowSeconds(_options.ModelPath));
        FeatureSchema schema = source.Schema;
        using ModelSignature? signature = _options.ModelPublicKey.Length > 0 ? ModelSignature.FromPemFile(_options.ModelPublicKey) : null;
        using var reloader = new ModelReloader(_options.ModelPath, schema, signature, TimeSpan.FromSeconds(_options.ModelSettleSeconds), _status, _time, _logger, _options.AllowModelRollback);
        LoadedModel loaded = reloader.LoadInitial();
        SequenceModel<float> model = loaded.Model;
        _status.ModelId = loaded.Id;
        DetectionLog.ModelLoaded(_logger, _options.ModelPath, loaded.Id, model.Config.Cell, model.Parameters.Length, model.Config.SequenceLength, model.Config.Threshold!.Value);
        reloader.Start(TimeSpan.FromSeconds(_options.ModelCheckSeconds));

        bool replay = _options.Source == DetectionSourceKind.Replay;
        Channel<FeatureRow> queue = Channel.CreateBounded<FeatureRow>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,

            // A replay or a log must not lose rows; live traffic does not wait, so a full queue drops there and counts it.
            FullMode = source.IsLossless ? BoundedChannelFullMode.Wait : BoundedChannelFullMode.DropWrite,
        });
        // The watchdog pings only while rows that wait for scoring get scored.
        _probe = _liveness?.Register("detection", TimeSpan.FromSeconds(30), () => queue.Reader.Count > 0);
        DetectionLog.Watching(_logger, source.Description);
        long started = _time.GetTimestamp();

        // Capture reads and decodes in a tight loop: a thread of its own rather than one of the pool's.
        Task capture = Task.Factory.StartNew(
            () => source.RunAsync(queue.Writer, stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

        // Window sources are silence-padded in time; a flow source's rows are records, with the idle reset instead.
        SequenceTiming timing = schema.Window > TimeSpan.Zero
            ? SequenceTiming.Windows(schema.Window.TotalSeconds)
            : SequenceTiming.Records(_options.IdleResetSeconds);
        await Score(queue.Reader, loaded, reloader, timing, stoppingToken).ConfigureAwait(false);
        await capture.ConfigureAwait(false);
        _probe?.Complete();
        if (replay)
        {
            double seconds = _time.GetElapsedTime(started).TotalSeconds;
            DetectionLog.ReplayFinished(_logger, _options.CaptureFile, seconds, _counters.Packets, _counters.Windows, AlertsRaised, HostsEvicted);
            if (_options.StopAfterReplay)
            {
                // Alerts are on disk already; waiting (bounded) lets the broker acknowledge them before the process ends.
                long deadline = _time.GetTimestamp();
                while (_outbox.Count > 0 && _time.GetElapsedTime(deadline) < TimeSpan.FromSeconds(30))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), _time, stoppingToken).ConfigureAwait(false);
                }

                _lifetime.StopApplication();
            }
        }
    }

    private async Task Score(ChannelReader<FeatureRow> reader, LoadedModel loaded, ModelReloader reloader, SequenceTiming timing, CancellationToken stoppingToken)
    {
        SequenceModel<float> model = loaded.Model;
        var scoring = new ScoringState(model, null, _options, timing, loaded.Scorer);
        var site = new SiteLearning(_options, _status, _time, _logger);
        site.Bind(model);
        DetectionLog.Arithmetic(_logger, scoring.Arithmetic);
        long evictedEarlier = 0;
        var policy = new AlertPolicy(_options);
        await foreach (FeatureRow row in reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            // Between windows is the one place a new model may take over: no sequence is half scored.
            if (reloader.TryTakeReplacement(out LoadedModel? replacement))
            {
                ScoringState previous = scoring;
                scoring = new ScoringState(replacement.Model, previous, _options, timing, replacement.Scorer);
                DetectionLog.Arithmetic(_logger, scoring.Arithmetic);
                evictedEarlier += scoring.HistoriesReset ? previous.Hosts.History.Evictions : 0;
                _status.ModelId = replacement.Id;
                site.Bind(replacement.Model);
                ModelConfig next = replacement.Model.Config;
                DetectionLog.ModelSwapped(_logger, _options.ModelPath, replacement.Id, next.Cell, replacement.Model.Parameters.Length, next.SequenceLength, next.Threshold!.Value, scoring.HistoriesReset);
            }

            _counters.AddWindows(1);
            _probe?.Tick();
            FeatureNormalization normalization = scoring.Normalization;
            float[] standardized = scoring.Standardized;
            row.Features.CopyTo(standardized, 0);
            normalization.Apply(standardized);

            // Every row is scored, a host's first too: its history before it appeared is silence (DESIGN.md).
            double score = scoring.Hosts.Score(row.Entity, row.WindowStartNanoseconds / 1e9, standardized, out int slot, out bool started);

            // Traffic far outside the training range can overflow a verified model's float score: the most anomalous
            // score there is, never a reason for an alert (which needs finite numbers) to stop detection.
            score = double.IsFinite(score) ? score : float.MaxValue;
            ref PolicyState state = ref scoring.Policies[slot];
            if (started)
            {
                state = default;
                site.Forget(slot);
            }

            SilencePaddedHistory<HostAddress> hosts = scoring.Hosts.History;
            _counters.SetHostsTracked(hosts.Count);
            PeakHostsTracked = Math.Max(PeakHostsTracked, hosts.Count);

            // A warm-up window (docs/detection.md) neither alerts nor teaches site learning the site's benign scores.
            if (!hosts.InWarmUp(slot) && site.Observe(score, slot, row.WindowStartNanoseconds / 1e9) && policy.Observe(ref state, score, site.Threshold, row.WindowStart))
            {
                DateTimeOffset firstSeen = DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(hosts.FirstSeenSeconds(slot) * TimeSpan.TicksPerSecond));
                Raise(row, firstSeen, state, score, site.Threshold, scoring);
            }
        }

        HostsEvicted = evictedEarlier + scoring.Hosts.History.Evictions;
    }

    private void Raise(FeatureRow row, DateTimeOffset firstSeen, in PolicyState state, double score, double threshold, ScoringState scoring)
    {
        // The head's outputs of the sequence just scored: a next-step model's prediction of this window.
        FeatureNormalization normalization = scoring.Normalization;
        FeatureContribution[] top = AlertExplanation.Explain(scoring.Model.Config.Head, normalization, row.Features, scoring.Standardized, scoring.Hosts.Scorer.Outputs);
        var alert = new Alert(
            AlertIds.Create(_time),
            _time.GetUtcNow(),
            row.Entity.ToString(),
            Math.Round(score, 6),
            threshold,
            AlertPolicy.Severity(score, threshold),
            new AlertWindow(firstSeen, row.WindowStart + RowSpan(normalization), state.Observed, AlertPolicy.AnomalousCount(state)),
            _status.ModelId ?? "",
            top);
        _sink.Submit(alert);
        AlertsRaised++;
        DetectionLog.AlertRaised(_logger, alert.Id, alert.Entity, alert.Score, threshold, alert.Severity.ToString().ToLowerInvariant());
    }

    // A window row covers its window (1 s when the model does not say); a flow row is one connection, placed at its start.
    private static TimeSpan RowSpan(FeatureNormalization normalization) =>
        normalization.Schema == FlowFeatures.SchemaName ? TimeSpan.Zero
        : TimeSpan.FromSeconds(normalization.WindowSeconds > 0 ? normalization.WindowSeconds : 1);
}
