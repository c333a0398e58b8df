using EdgeLstm.Model;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Everything the scoring loop holds for one model: the model, its buffers and the host histories shaped
/// for it. A new model keeps the previous histories when it reads windows of the same shape.</summary>
internal sealed class ScoringState
{
    /// <summary>Initializes the state of a model, taking over the histories of <paramref name="previous"/> when they fit.</summary>
    public ScoringState(SequenceModel<float> model, ScoringState? previous, DetectionOptions options)
    {
        Model = model;
        ModelConfig config = model.Config;
        Normalization = config.Features!;
        Threshold = config.Threshold!.Value;
        Steps = config.SequenceLength;
        int features = config.InputSize;
        Workspace = model.CreateWorkspace();

        // A model file with a quantization section runs on the integer kernel the trainer calibrated; others in float.
        Integer = config.Quantization is null ? null : IntegerSequenceScorer.FromModel(model);
        Standardized = new float[features];
        Sequence = new float[Steps * features];
        if (previous is not null && previous.Steps == Steps && previous.Standardized.Length == features)
        {
            History = previous.History;
        }
        else
        {
            History = new EntityHistory(Steps, features, options.MaxEntities, TimeSpan.FromSeconds(options.IdleResetSeconds));
            HistoriesReset = previous is not null;
        }
    }

    /// <summary>Gets the model.</summary>
    public SequenceModel<float> Model { get; }

    /// <summary>Gets the model's feature standardization.</summary>
    public FeatureNormalization Normalization { get; }

    /// <summary>Gets the model's alert threshold.</summary>
    public double Threshold { get; }

    /// <summary>Gets the windows per scored sequence (T).</summary>
    public int Steps { get; }

    /// <summary>Gets the per-host histories.</summary>
    public EntityHistory History { get; }

    /// <summary>Gets a value indicating whether this model replaced one of another shape, so host histories started over.</summary>
    public bool HistoriesReset { get; }

    /// <summary>Gets the integer scorer of a quantized model, or null when the model runs in float.</summary>
    public IntegerSequenceScorer? Integer { get; }

    /// <summary>Gets the name of the arithmetic the model runs in, for logs.</summary>
    public string Arithmetic => Integer is null ? "float32" : $"integer ({Model.Config.Quantization!.Scheme})";

    /// <summary>Scores the host sequence in <see cref="Sequence"/>; allocation-free.</summary>
    public double ScoreSequence()
    {
        if (Integer is not null)
        {
            return Integer.Score(Sequence);
        }

        Model.Score(new SequenceBatch<float>(Sequence, 1, Steps), Workspace, Score);
        return Score[0];
    }

    /// <summary>Gets the model's scratch memory.</summary>
    public SequenceWorkspace<float> Workspace { get; }

    /// <summary>Gets the buffer of one standardized window.</summary>
    public float[] Standardized { get; }

    /// <summary>Gets the buffer of one host's sequence.</summary>
    public float[] Sequence { get; }

    /// <summary>Gets the buffer of the model's score.</summary>
    public float[] Score { get; } = new float[1];
}
