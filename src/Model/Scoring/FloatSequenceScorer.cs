namespace EdgeLstm.Model.Scoring;

/// <summary>Scores host sequences with the float model; allocation-free after construction.</summary>
/// <remarks>Runs every step of the sequence, silent ones too. Not thread-safe: one scorer per thread.</remarks>
public sealed class FloatSequenceScorer : ISequenceScorer
{
    private readonly SequenceModel<float> _model;
    private readonly SequenceWorkspace<float> _workspace;
    private readonly float[] _score = new float[1];

    /// <summary>Initializes a scorer over a model.</summary>
    /// <param name="model">The model.</param>
    public FloatSequenceScorer(SequenceModel<float> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _workspace = model.CreateWorkspace();
    }

    /// <inheritdoc/>
    public ModelConfig Config => _model.Config;

    /// <inheritdoc/>
    public string Arithmetic => "float32";

    /// <inheritdoc/>
    public ReadOnlySpan<float> Outputs => _workspace.LastOutputs(0);

    /// <inheritdoc/>
    public float Score(ReadOnlySpan<float> sequence, int leadingSilence)
    {
        _model.Score(new SequenceBatch<float>(sequence, 1, sequence.Length / _model.Config.InputSize), _workspace, _score);
        return _score[0];
    }
}
