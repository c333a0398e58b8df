using EdgeLstm.Model;
using EdgeLstm.Model.LowPrecision;
using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Trainer.FloatSD8;

/// <summary>Trains with FloatSD8 weights (Liu and Chiueh 2020): an FP16 master copy that the optimizer updates,
/// re-quantised to FloatSD8 for every forward and backward pass, with FP8 activations and gradients.</summary>
/// <remarks>
/// Outside a forward pass the parameter array holds the master copy (every value an FP16 number); inside, the weight
/// matrices hold their FloatSD8 quantisation, each under the offset its current range gives. Biases and peepholes
/// compute from the FP16 master. While training, the model rounds step inputs and states to E4M3 and the hidden and
/// cell gradients to E5M2 (<see cref="Fp8Rounding"/>); <see cref="Finish"/> removes that rounding again. Put this hook
/// after any hook that edits the master copy (SET), so that it sees the edits.
/// </remarks>
internal sealed class FloatSD8Training : ITrainingHook
{
    private readonly SequenceModel<float> _model;
    private readonly FloatSD8Options _options;
    private readonly TensorSpec[] _weights;
    private readonly Half[] _master;
    private readonly int[] _offsets;
    private ISequenceRounding<float>? _previousRounding;

    /// <summary>Initializes FloatSD8 training for a model.</summary>
    public FloatSD8Training(SequenceModel<float> model, FloatSD8Options options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        _model = model;
        _options = options;
        _weights = [.. model.Tensors.Where(ModelCompression.IsFloatSD8Candidate)];
        _master = new Half[model.Parameters.Length];
        _offsets = new int[_weights.Length];
    }

    /// <summary>Gets the weight tensors that are quantised.</summary>
    public IReadOnlyList<TensorSpec> Weights => _weights;

    /// <summary>Gets the offset each weight tensor had at the last forward pass, in the order of <see cref="Weights"/>.</summary>
    public IReadOnlyList<int> Offsets => _offsets;

    /// <summary>Gets the FP16 master copy.</summary>
    public ReadOnlySpan<Half> Master => _master;

    /// <inheritdoc/>
    public void Start(Span<float> parameters)
    {
        Synchronize(parameters);
        _previousRounding = _model.Rounding;
        if (_options.Fp8Activations || _options.Fp8Gradients)
        {
            _model.Rounding = new Fp8Rounding(_options.Fp8Activations, _options.Fp8Gradients);
        }
    }

    /// <inheritdoc/>
    public void EnterForward(Span<float> parameters)
    {
        for (int w = 0; w < _weights.Length; w++)
        {
            Span<float> tensor = parameters.Slice(_weights[w].Offset, _weights[w].Length);
            _offsets[w] = FloatSD8Quantizer.QuantizeTensor(tensor, tensor);
        }
    }

    /// <inheritdoc/>
    public void ExitForward(Span<float> parameters)
    {
        foreach (TensorSpec weight in _weights)
        {
            for (int i = weight.Offset; i < weight.Offset + weight.Length; i++)
            {
                parameters[i] = (float)_master[i];
            }
        }
    }

    /// <inheritdoc/>
    public void AfterStep(Span<float> parameters, AdamOptimizer optimizer) => Synchronize(parameters);

    /// <inheritdoc/>
    public void AfterEpoch(Span<float> parameters, AdamOptimizer optimizer, int epoch) => Synchronize(parameters);

    /// <inheritdoc/>
    public void Finish(Span<float> parameters) => _model.Rounding = _previousRounding;

    // The optimizer's update lands in FP32; storing it in the FP16 master rounds it to nearest even.
    private void Synchronize(Span<float> parameters)
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            _master[i] = (Half)parameters[i];
            parameters[i] = (float)_master[i];
        }
    }
}
