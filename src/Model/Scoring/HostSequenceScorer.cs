namespace EdgeLstm.Model.Scoring;

/// <summary>Scores every row of a stream of host rows over the host's last T steps, silence-padded
/// (<see cref="SilencePaddedHistory{TKey}"/>): the scoring path of the agent and of <c>edgelstm-train eval</c>.</summary>
/// <remarks>Allocation-free once the history has grown. Not thread-safe.</remarks>
/// <typeparam name="TKey">The host key.</typeparam>
public sealed class HostSequenceScorer<TKey>
    where TKey : notnull
{
    private readonly float[] _sequence;

    /// <summary>Initializes a scorer with an empty history.</summary>
    /// <param name="scorer">The model's sequence scorer (float or integer).</param>
    /// <param name="timing">How rows map to steps.</param>
    /// <param name="capacity">The most hosts kept.</param>
    /// <exception cref="ArgumentException">The model stores no feature normalization, so it has no silence vector.</exception>
    public HostSequenceScorer(ISequenceScorer scorer, SequenceTiming timing, int capacity)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        FeatureNormalization normalization = scorer.Config.Features
            ?? throw new ArgumentException("The model stores no feature normalization, so it has no silence vector.", nameof(scorer));
        Scorer = scorer;
        History = new SilencePaddedHistory<TKey>(scorer.Config.SequenceLength, normalization.Silence(), timing, capacity);
        _sequence = new float[History.Steps * History.InputSize];
    }

    /// <summary>Initializes a scorer that continues an existing history (a model replaced by one of the same shape).</summary>
    /// <param name="scorer">The new model's sequence scorer.</param>
    /// <param name="history">The history to continue.</param>
    /// <exception cref="ArgumentException">The history's steps or inputs differ from the model's.</exception>
    public HostSequenceScorer(ISequenceScorer scorer, SilencePaddedHistory<TKey> history)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(history);
        if (history.Steps != scorer.Config.SequenceLength || history.InputSize != scorer.Config.InputSize)
        {
            throw new ArgumentException($"A history of {history.Steps} × {history.InputSize} does not fit a model of {scorer.Config.SequenceLength} × {scorer.Config.InputSize}.", nameof(history));
        }

        Scorer = scorer;
        History = history;
        _sequence = new float[History.Steps * History.InputSize];
    }

    /// <summary>Gets the sequence scorer.</summary>
    public ISequenceScorer Scorer { get; }

    /// <summary>Gets the host histories.</summary>
    public SilencePaddedHistory<TKey> History { get; }

    /// <summary>Appends a host's row and returns the score of its sequence that ends with the row: the model's raw score
    /// divided by its silence scale (<see cref="ModelConfig.SilenceScale"/>).</summary>
    /// <param name="key">The host.</param>
    /// <param name="timeSeconds">The row's time: the window start for windows, the record's time for records.</param>
    /// <param name="standardized">The row's standardized inputs.</param>
    /// <param name="slot">The host's slot in <see cref="History"/>.</param>
    /// <param name="started">Whether per-host state kept by slot starts over (see <see cref="SilencePaddedHistory{TKey}.Append"/>).</param>
    /// <returns>The score.</returns>
    /// <exception cref="ArgumentException"><paramref name="standardized"/> is not m long.</exception>
    public float Score(TKey key, double timeSeconds, ReadOnlySpan<float> standardized, out int slot, out bool started)
    {
        slot = History.Append(key, timeSeconds, standardized, out started);
        History.CopySequence(slot, _sequence);
        int silent = History.LeadingSilence(slot);
        return (float)(Scorer.Score(_sequence, silent) / Scorer.Config.SilenceScale(silent));
    }

    /// <summary>Returns whether a score of <paramref name="slot"/> may raise an alert: at or above the threshold, and not
    /// in the warm-up (<see cref="SilencePaddedHistory{TKey}.InWarmUp"/>).</summary>
    public bool IsAnomalous(int slot, double score, double threshold) => score >= threshold && !History.InWarmUp(slot);

    /// <summary>Gets the last scored sequence, T × m, oldest step first.</summary>
    public ReadOnlySpan<float> LastSequence => _sequence;
}
