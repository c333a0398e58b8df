using System.Security.Cryptography;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.Model;
using EdgeLstm.Model.Serialization;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Learns the alert threshold on the site's own traffic: for <see cref="DetectionOptions.LearningHours"/> after a
/// model first runs here it scores without alerting and samples the scores, then fits the threshold at
/// <see cref="DetectionOptions.LearningTargetFpr"/>, keeps it under <see cref="DetectionOptions.LearningDirectory"/> (one
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
    private ScoreReservoir? _reservoir;
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
        if (_options.LearningHours <= 0)
        {
            Report(new ThresholdStatus(ThresholdState.Model, Threshold, _modelThreshold, null, null, null));
            return;
        }

        _key = KeyOf(model);
        _path = Path.Combine(_options.LearningDirectory, _key + ".json");
        SiteLearningFile? saved = SiteLearningFile.TryRead(_path);
        DateTimeOffset now = _time.GetUtcNow();
        if (saved is { Threshold: double learnt } && saved.Model == _key && saved.TargetFpr == _options.LearningTargetFpr)
        {
            Threshold = learnt;
            DetectionLog.ThresholdKept(_logger, learnt, _modelThreshold, saved.Windows, _path);
            Report(new ThresholdStatus(ThresholdState.Learnt, learnt, _modelThreshold, null, saved.Windows, saved.TargetFpr));
            return;
        }

        _reservoir = new ScoreReservoir();
        _extended = false;
        if (saved is { Threshold: null } && saved.Model == _key && saved.TargetFpr == _options.LearningTargetFpr && TryRestore(saved))
        {
            _started = saved.Started;
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
    /// <returns><see langword="true"/> when the window may alert (learning is not running).</returns>
    public bool Observe(double score)
    {
        if (_reservoir is null)
        {
            return true;
        }

        _reservoir.Add(score);
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

    private DateTimeOffset LearningEnds => _started + TimeSpan.FromHours(_options.LearningHours);

    private bool TryRestore(SiteLearningFile saved)
    {
        try
        {
            _reservoir!.Restore(saved.Samples, saved.Windows);
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
        double fitted = AlertThreshold.AtFalsePositiveRate(reservoir.Samples, _options.LearningTargetFpr);
        TrySave(() => new SiteLearningFile(_key, _started, _options.LearningTargetFpr, fitted, now, reservoir.Seen, []).Write(_path));
        Threshold = fitted;
        _reservoir = null;
        DetectionLog.ThresholdLearnt(_logger, fitted, _modelThreshold, reservoir.Seen, _options.LearningTargetFpr, _path);
        Report(new ThresholdStatus(ThresholdState.Learnt, fitted, _modelThreshold, null, reservoir.Seen, _options.LearningTargetFpr));
    }

    private void Save()
    {
        ScoreReservoir reservoir = _reservoir!;
        new SiteLearningFile(_key, _started, _options.LearningTargetFpr, null, null, reservoir.Seen, reservoir.Samples.ToArray()).Write(_path);
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
