using EdgeLstm.Model.Numerics;
using EdgeLstm.Model.Scoring;

namespace EdgeLstm.Model.Quantization;

/// <summary>
/// Scores one standardized sequence with the integer model, with the score definitions of
/// <see cref="SequenceModel{T}.Score"/>: σ(logit) for a sigmoid head, 1 − p(class 0) for a softmax head, and the mean
/// squared error of the last next-step prediction for a next-step head.
/// </summary>
/// <remarks>
/// The cell runs in integers only; the head's int32 accumulators are scaled to float and the score is formed in float,
/// as DESIGN.md allows. Allocation-free after construction. Not thread-safe: one scorer per thread.
/// </remarks>
public sealed class IntegerSequenceScorer : ISequenceScorer
{
    private readonly QuantizedSequenceModel _model;
    private readonly QuantizedCellRunner _runner;
    private readonly float[] _outputs;
    private readonly WeightFormat _format;
    private readonly int _calibrationSequences;
    private readonly SilentStates _silent;

    internal IntegerSequenceScorer(QuantizedSequenceModel model, WeightFormat format, int calibrationSequences)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _format = format;
        _calibrationSequences = calibrationSequences;
        _runner = new QuantizedCellRunner(model.Cell);
        _outputs = new float[model.Config.OutputSize];
        _silent = new SilentStates(model.Config.InputSize, model.Config.HiddenSize);
    }

    /// <summary>Gets the configuration of the float model the integer model was quantized from.</summary>
    public ModelConfig Config => _model.Config;

    /// <summary>Gets the int8 hidden state after the last <see cref="Score(ReadOnlySpan{float}, int)"/> (real value h / 128).</summary>
    public ReadOnlySpan<sbyte> Hidden => _runner.Hidden;

    /// <inheritdoc/>
    public string Arithmetic => $"integer ({SchemeOf(_format)})";

    /// <inheritdoc/>
    public ReadOnlySpan<float> Outputs => _outputs;

    internal QuantizedSequenceModel Model => _model;

    /// <summary>Gets the calibrated values of this integer model, as stored in a model file's <c>quantization</c> section.</summary>
    /// <remarks>Per-feature input scales and zero points are written as one shared pair when they are all equal (which builds the same integer model).</remarks>
    public ModelQuantization Quantization
    {
        get
        {
            double[] scales = _model.Cell.InputScales;
            int[] zeroPoints = _model.Cell.InputZeroPoints;
            bool shared = scales.All(s => s == scales[0]) && zeroPoints.All(z => z == zeroPoints[0]);
            return new()
            {
                Scheme = SchemeOf(_format),
                InputScale = shared ? scales[0] : null,
                InputZeroPoint = shared ? zeroPoints[0] : null,
                InputScales = shared ? null : [.. scales],
                InputZeroPoints = shared ? null : [.. zeroPoints],
                CellExponent = _model.Cell.CellExponent,
                CalibrationSequences = _calibrationSequences,
            };
        }
    }

    /// <summary>Rebuilds the integer model of a float model whose configuration holds a <c>quantization</c> section (for example one read from a model file).</summary>
    /// <param name="model">The float model.</param>
    /// <returns>A scorer over the same integer model, bit for bit, as the one the section was calibrated for.</returns>
    /// <exception cref="ArgumentException">The configuration has no quantization section.</exception>
    public static IntegerSequenceScorer FromModel(SequenceModel<float> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelQuantization quantization = model.Config.Quantization
            ?? throw new ArgumentException("The model has no quantization section; quantize it first (edgelstm-train quantize).", nameof(model));
        int m = model.Config.InputSize;
        quantization.Validate(m);
        WeightFormat format = FormatOf(quantization.Scheme);
        QuantizedSequenceModel integer = PostTrainingQuantizer.Build(
            model, quantization.FeatureScales(m), quantization.FeatureZeroPoints(m), quantization.CellExponent, format);
        return new IntegerSequenceScorer(integer, format, quantization.CalibrationSequences);
    }

    /// <summary>
    /// Quantizes a float model, calibrated on model-space inputs, with the weight format its compression asks for
    /// (FloatSD8 codes for a FloatSD8 model, sparse int8 for a sparse model, dense int8 otherwise).
    /// </summary>
    /// <param name="model">The trained model.</param>
    /// <param name="calibrationInputs">Standardized inputs, <paramref name="count"/> sequences × <paramref name="steps"/> steps × m.</param>
    /// <param name="count">The number of calibration sequences.</param>
    /// <param name="steps">The number of steps per sequence.</param>
    /// <param name="inputTailFraction">The fraction of each feature's calibration values at each end left out of its robust range, in [0, 0.5).</param>
    /// <param name="inputHeadroom">How far each robust range is stretched about 0, as a fraction of it, in [0, 63]; each int8 input range covers the stretched robust range and the full calibrated range, so new traffic beyond the calibration data is not clipped at once.</param>
    /// <returns>A scorer over the quantized model; dense and sparse int8 take one input scale and zero point per feature, FloatSD8 one for all.</returns>
    /// <exception cref="ArgumentException">The calibration set is empty, has the wrong length, holds a NaN or infinite value, or is constant; or the tail fraction or headroom is out of range.</exception>
    public static IntegerSequenceScorer Quantize(
        SequenceModel<float> model, ReadOnlySpan<float> calibrationInputs, int count, int steps, double inputTailFraction = ModelQuantization.DefaultInputTailFraction, double inputHeadroom = ModelQuantization.DefaultInputHeadroom)
    {
        ArgumentNullException.ThrowIfNull(model);
        var options = new QuantizationOptions { Format = FormatOf(model.Config), InputTailFraction = inputTailFraction, InputHeadroom = inputHeadroom };
        return new IntegerSequenceScorer(PostTrainingQuantizer.Quantize(model, calibrationInputs, count, steps, options), options.Format, count);
    }

    /// <summary>Returns the anomaly score of one sequence (higher is more anomalous).</summary>
    /// <param name="sequence">The standardized sequence, T steps × m features, step after step; T ≥ 1 (≥ 2 for a next-step head).</param>
    /// <returns>The score.</returns>
    /// <exception cref="ArgumentException">The length is not a positive multiple of m, or too short for the head.</exception>
    public float Score(ReadOnlySpan<float> sequence) => Score(sequence, 0);

    /// <summary>Returns the anomaly score of one sequence whose first steps are silence, starting from the cached state
    /// after that many silent steps (the same bits as running them: the state is a constant of the model).</summary>
    /// <param name="sequence">The standardized sequence, T steps × m features, step after step; T ≥ 1 (≥ 2 for a next-step head).</param>
    /// <param name="leadingSilence">The number of leading steps that hold one and the same silence vector, in [0, T).</param>
    /// <returns>The score.</returns>
    /// <exception cref="ArgumentException">The length is not a positive multiple of m, or too short for the head.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="leadingSilence"/> is negative or not below T.</exception>
    public float Score(ReadOnlySpan<float> sequence, int leadingSilence)
    {
        int m = _model.Config.InputSize;
        if (sequence.IsEmpty || sequence.Length % m != 0)
        {
            throw new ArgumentException($"A sequence needs a positive multiple of {m} values, not {sequence.Length}.", nameof(sequence));
        }

        int steps = sequence.Length / m;
        bool nextStep = _model.Config.Head == HeadKind.NextStep;
        if (nextStep && steps < 2)
        {
            throw new ArgumentException("The next-step predictor needs sequences of at least 2 steps.", nameof(sequence));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(leadingSilence);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(leadingSilence, steps);

        // The next-step head scores the prediction of the last step made from the state that has seen the steps before it.
        int stepped = nextStep ? steps - 1 : steps;
        int skipped = Math.Min(leadingSilence, stepped);
        if (skipped > 0)
        {
            _silent.Restore(_runner, sequence[..m], skipped);
        }
        else
        {
            _runner.Reset();
        }

        for (int t = skipped; t < stepped; t++)
        {
            _runner.Step(sequence.Slice(t * m, m));
        }

        _model.Head.Evaluate(_runner.Hidden, _outputs);
        return _model.Config.Head switch
        {
            HeadKind.Sigmoid => Activation.Sigmoid(_outputs[0]),
            HeadKind.Softmax => NotBenignProbability(_outputs),
            _ => MeanSquaredError(_outputs, sequence.Slice((steps - 1) * m, m)),
        };
    }

    internal static WeightFormat FormatOf(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Compression switch
        {
            { FloatSD8: true } => WeightFormat.FloatSD8,
            { Sparse: true } => WeightFormat.SparseInt8,
            _ => WeightFormat.Int8,
        };
    }

    internal static WeightFormat FormatOf(QuantizationScheme scheme) => scheme switch
    {
        QuantizationScheme.FloatSD8 => WeightFormat.FloatSD8,
        QuantizationScheme.SparseInt8 => WeightFormat.SparseInt8,
        _ => WeightFormat.Int8,
    };

    internal static QuantizationScheme SchemeOf(WeightFormat format) => format switch
    {
        WeightFormat.FloatSD8 => QuantizationScheme.FloatSD8,
        WeightFormat.SparseInt8 => QuantizationScheme.SparseInt8,
        _ => QuantizationScheme.DenseInt8,
    };

    // Same arithmetic as the float softmax head's score, so the two differ only by the logits.
    private static float NotBenignProbability(ReadOnlySpan<float> logits)
    {
        float max = logits[0];
        for (int j = 1; j < logits.Length; j++)
        {
            max = MathF.Max(max, logits[j]);
        }

        float sum = 0;
        for (int j = 0; j < logits.Length; j++)
        {
            sum += MathF.Exp(logits[j] - max);
        }

        return 1 - (MathF.Exp(logits[0] - max) / sum);
    }

    private static float MeanSquaredError(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets)
    {
        float sum = 0;
        for (int j = 0; j < predictions.Length; j++)
        {
            float error = predictions[j] - targets[j];
            sum += error * error;
        }

        return sum / predictions.Length;
    }
}
