using EdgeLstm.Features.Decoding;
using EdgeLstm.Model;
using EdgeLstm.Model.Scoring;
using EdgeLstm.Model.Verification;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Everything the scoring loop holds for one model: the model, its scorer over the silence-padded host
/// histories, and each host's alert-policy state by history slot. A new model keeps the previous histories when it
/// reads windows of the same shape and silence.</summary>
internal sealed class ScoringState
{
    /// <summary>Initializes the state of a model, taking over the histories of <paramref name="previous"/> when they fit.</summary>
    /// <param name="model">The model.</param>
    /// <param name="previous">The state of the model it replaces, or <see langword="null"/>.</param>
    /// <param name="options">The detection options (host capacity).</param>
    /// <param name="timing">How the source's rows map to steps: time windows or records.</param>
    /// <param name="scorer">The scorer the model's verification built, or <see langword="null"/> to build it here.</param>
    public ScoringState(SequenceModel<float> model, ScoringState? previous, DetectionOptions options, SequenceTiming timing, ISequenceScorer? scorer = null)
    {
        Model = model;
        ModelConfig config = model.Config;
        Normalization = config.Features!;
        Threshold = config.Threshold!.Value;
        Steps = config.SequenceLength;
        Standardized = new float[config.InputSize];

        // A model file with a quantization section runs on the integer kernel the trainer calibrated; others in float.
        scorer ??= ModelVerifier.CreateScorer(model);
        if (previous is not null && previous.Steps == Steps && previous.Timing == timing
            && previous.Normalization.Silence().AsSpan().SequenceEqual(Normalization.Silence()))
        {
            Hosts = new HostSequenceScorer<HostAddress>(scorer, previous.Hosts.History);
            Policies = previous.Policies;
        }
        else
        {
            Hosts = new HostSequenceScorer<HostAddress>(scorer, timing, options.MaxEntities);
            Policies = new PolicyState[options.MaxEntities];
            HistoriesReset = previous is not null;
        }

        Timing = timing;
    }

    /// <summary>Gets the model.</summary>
    public SequenceModel<float> Model { get; }

    /// <summary>Gets the model's feature standardization.</summary>
    public FeatureNormalization Normalization { get; }

    /// <summary>Gets the model's alert threshold.</summary>
    public double Threshold { get; }

    /// <summary>Gets the windows per scored sequence (T).</summary>
    public int Steps { get; }

    /// <summary>Gets how the source's rows map to steps.</summary>
    public SequenceTiming Timing { get; }

    /// <summary>Gets the scorer over the per-host histories.</summary>
    public HostSequenceScorer<HostAddress> Hosts { get; }

    /// <summary>Gets the alert-policy state of each host, by history slot.</summary>
    public PolicyState[] Policies { get; }

    /// <summary>Gets a value indicating whether this model replaced one of another shape, so host histories started over.</summary>
    public bool HistoriesReset { get; }

    /// <summary>Gets the name of the arithmetic the model runs in, for logs.</summary>
    public string Arithmetic => Hosts.Scorer.Arithmetic;

    /// <summary>Gets the buffer of one standardized window.</summary>
    public float[] Standardized { get; }
}
