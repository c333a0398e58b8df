using System.Security.Cryptography;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.Model;
using EdgeLstm.Model.Serialization;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Learns the alert threshold on the site's own traffic: for <see cref="DetectionOptions.LearningHours"/> after a
/// model first runs here it scores without alerting and samples the scores, then fits the threshold for at most
/// <see cref="DetectionOptions.LearningAlertsPerHostDay"/> false alerts per 24 host-hours under the agent's alert policy
/// (<see cref="AlertThreshold.AtAlertRate"/>, as <c>edgelstm-train calibrate</c> does), or at
/// <see cref="DetectionOptions.LearningTargetFpr"/> of windows when that is set, keeps it under <see cref="DetectionOptions.LearningDirectory"/> (one
/// file per model content, so a new model learns again) and reports it on the status topic.</summary>
/// <remarks>
/// Learning progress is saved every <see cref="SaveInterval"/> and when the threshold is fitted, so a restart continues
/// learning up to the same end time with the scores saved so far (those of the last few minutes before a crash are
/// lost). Learning ends at the end time only once it has <see cref="MinimumWindows"/> windows; until then it goes on.
/// Not thread-safe: the scoring loop owns it.
/// </remarks>
internal sealed class SiteLearning
{
    /// <summary>The fewest benign windows a learnt threshold rests on (at 0.001, one window above it).</summary>
    public const int MinimumWindows = 1_000;

    /// <summary>How often learning in progress is saved.</summary>
    public static readonly TimeSpan SaveInterval = TimeSpan.FromMinutes(10);

    private readonly DetectionOptions _options;
    private readonly AgentStatus _status;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AlertPolicyShape _policy;
    private ScoreReservoir? _reservoir;

    // While learning: each host slot's last n scores (a ring) and how many it has had, when it was last seen, and the
    // hosts' time on the network so far.
    private float[] _recent = [];
    private int[] _held = [];
    private double[] _lastSeen = [];
    private double _hostSeconds;
    private double _windowSeconds = 1;
    private string _key = "";
    private string _path = "";
    private double _modelThreshold;
    private DateTimeOffset _started;
    private DateTimeOffset _savedAt;
    private bool _extended;

    /// <summary>Initializes site learning as the options configure it; <see cref="Bind"/> gives it a model.</summary>
    public SiteLearning(DetectionOptions options, AgentStatus status, TimeProvider time, ILogger logger)
    {
        _options = options;
        _status = status;
        _time = time;
        _logger = logger;
        _policy = new AlertPolicyShape(options.AnomalousWindows, options.OfWindows, options.ImmediateMultiple);
    }

    /// <summary>Gets the threshold windows are compared with: the learnt one, else the model's.</summary>
    public double Threshold { get; private set; }

    /// <summary>Gets a value indicating whether learning is running, so no window may alert.</summary>
    public bool Learning => _reservoir is not null;

    /// <summary>Returns the content key of a model: the SHA-256 of its file bytes as the deterministic writer writes them.</summary>
    public static string KeyOf(SequenceModel<float> model) => Convert.ToHexStringLower(SHA256.HashData(ModelFile.ToBytes(model)));

    /// <summary>Takes a model (at start and at every swap): uses the threshold learnt for it, continues its learning, or
    /// starts learning; with learning off, uses the model's threshold.</summary>
    public void Bind(SequenceModel<float> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _modelThreshold = model.Config.Threshold!.Value;
        Threshold = _modelThreshold;
        _reservoir = null;
        _windowSeconds = model.Config.Features is { WindowSeconds: > 0 } features ? features.WindowSeconds : 1;
        if (_options.LearningHours <= 0)
        {
            Report(new ThresholdStatus(ThresholdState.Model, Threshold, _modelThreshold, null, null, null));
            return;
        }

        _key = KeyOf(model);
        _path = Path.Combine(_options.LearningDirectory, _key + ".json");
        SiteLearningFile? saved = SiteLearningFile.TryRead(_path);
        DateTimeOffset now = _time.GetUtcNow();
        if (saved is { Threshold: double learnt } && IsForThisTarget(saved))
        {
            Threshold = learnt;
            DetectionLog.ThresholdKept(_logger, learnt, _modelThreshold, saved.Windows, _path);
            Report(new ThresholdStatus(ThresholdState.Learnt, learnt, _modelThreshold, null, saved.Windows, saved.TargetFpr));
            return;
        }

        _reservoir = new ScoreReservoir();
        _extended = false;
        int slots = _options.MaxEntities;
        _recent = new float[slots * _policy.OfWindows];
        _held = new int[slots];
        _lastSeen = new double[slots];
        _lastSeen.AsSpan().Fill(double.NaN);
        _hostSeconds = 0;
        if (saved is { Threshold: null } && IsForThisTarget(saved) && TryRestore(saved))
        {
            _started = saved.Started;
            _hostSeconds = saved.HostSeconds;
            DetectionLog.LearningContinued(_logger, _reservoir.Seen, LearningEnds, _path);
        }
        else
        {
            _started = now;

            // At start a directory that cannot be written stops the agent (exit 1) rather than learn what would be lost.
            Save();
            DetectionLog.LearningStarted(_logger, _options.LearningHours, LearningEnds, _options.LearningTargetFpr, _path);
        }

        _savedAt = now;
        Report(new ThresholdStatus(ThresholdState.Learning, Threshold, _modelThreshold, LearningEnds, null, _options.LearningTargetFpr));
    }

    /// <summary>Takes one window's score; while learning it is sampled and learning ends once due.</summary>
    /// <param name="score">The window's score.</param>
    /// <param name="slot">The host's history slot (below <see cref="DetectionOptions.MaxEntities"/>).</param>
    /// <param name="seconds">The window's start, in seconds of capture time.</param>
    /// <returns><see langword="true"/> when the window may alert (learning is not running).</returns>
    public bool Observe(double score, int slot, double seconds)
    {
        if (_reservoir is null)
        {
            return true;
        }

        int n = _policy.OfWindows;
        Span<float> ring = _recent.AsSpan(slot * n, n);
        ring[_held[slot] % n] = (float)score;
        int held = _held[slot] + 1;

        // Past n the count only needs its position in the ring: keep it in [n, 2n).
        _held[slot] = held >= 2 * n ? n + (held % n) : held;
        float value = _policy.PolicyValue(ring[..Math.Min(_held[slot], n)], (float)score);
        double last = _lastSeen[slot];
        _hostSeconds += double.IsNaN(last) ? _windowSeconds : Math.Max(0, seconds - last);
        _lastSeen[slot] = seconds;
        _reservoir.Add(score, value);
        DateTimeOffset now = _time.GetUtcNow();
        if (now >= LearningEnds)
        {
            if (_reservoir.Seen >= MinimumWindows)
            {
                Fit(now);
                return false;
            }

            if (!_extended)
            {
                _extended = true;
                DetectionLog.LearningExtended(_logger, _reservoir.Seen, MinimumWindows);
            }
        }

        if (now - _savedAt >= SaveInterval)
        {
            _savedAt = now;
            TrySave(Save);
        }

        return false;
    }

    /// <summary>Forgets the host of a slot: the slot now holds a new host (its history started over).</summary>
    public void Forget(int slot)
    {
        if (_reservoir is not null)
        {
            _held[slot] = 0;
            _lastSeen[slot] = double.NaN;
        }
    }

    // The false alerts per 24 host-hours a threshold is fitted for: 0 when a window rate is set instead.
    private double AlertsPerHostDay => _options.LearningTargetFpr > 0 ? 0 : _options.LearningAlertsPerHostDay;

    private bool IsForThisTarget(SiteLearningFile saved) =>
        saved.Model == _key && saved.TargetFpr == _options.LearningTargetFpr && saved.AlertsPerHostDay == AlertsPerHostDay;

    private DateTimeOffset LearningEnds => _started + TimeSpan.FromHours(_options.LearningHours);

    private bool TryRestore(SiteLearningFile saved)
    {
        try
        {
            _reservoir!.Restore(saved.Samples, saved.PolicyValues ?? [], saved.Windows);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private void Fit(DateTimeOffset now)
    {
        ScoreReservoir reservoir = _reservoir!;
        double fitted;
        double rate = _options.LearningTargetFpr;
        if (rate > 0)
        {
            fitted = AlertThreshold.AtFalsePositiveRate(reservoir.Samples, rate);
        }
        else
        {
            double windowsPerHostHour = reservoir.Seen / Math.Max(_hostSeconds / 3600, double.Epsilon);
            AlertRateFit fit = AlertThreshold.AtAlertRate(reservoir.Samples, reservoir.PolicyValues, windowsPerHostHour, AlertsPerHostDay / 24, _policy);
            fitted = fit.Threshold;
            rate = fit.WindowRate;
            DetectionLog.AlertRateFitted(_logger, _hostSeconds / 3600, fit.BurstFactor, fit.PredictedAlertsPerHostHour * 24, AlertsPerHostDay);
        }

        double hostSeconds = _hostSeconds;
        TrySave(() => new SiteLearningFile(_key, _started, _options.LearningTargetFpr, fitted, now, reservoir.Seen, [], [], AlertsPerHostDay, hostSeconds).Write(_path));
        Threshold = fitted;
        _reservoir = null;
        _recent = [];
        _held = [];
        _lastSeen = [];
        DetectionLog.ThresholdLearnt(_logger, fitted, _modelThreshold, reservoir.Seen, rate, _path);
        Report(new ThresholdStatus(ThresholdState.Learnt, fitted, _modelThreshold, null, reservoir.Seen, rate));
    }

    private void Save()
    {
        ScoreReservoir reservoir = _reservoir!;
        new SiteLearningFile(_key, _started, _options.LearningTargetFpr, null, null, reservoir.Seen, reservoir.Samples.ToArray(),
            reservoir.PolicyValues.ToArray(), AlertsPerHostDay, _hostSeconds).Write(_path);
    }

    // Once running, a failed save costs only what a restart would have kept: detection goes on and the log says why.
    private void TrySave(Action save)
    {
        try
        {
            save();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            DetectionLog.LearningNotSaved(_logger, _path, error.Message);
        }
    }

    private void Report(ThresholdStatus status) => _status.Threshold = status;
}
