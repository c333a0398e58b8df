namespace EdgeLstm.Model;

/// <summary>
/// Holds the calibrated parameters of post-training quantization: the <c>quantization</c> section of
/// <c>edgelstm.config</c>.
/// </summary>
/// <remarks>
/// <para>The input quantization takes one of two forms: one scale and zero point for every feature
/// (<see cref="InputScale"/>, <see cref="InputZeroPoint"/>; every file written before per-feature scales, and FloatSD8
/// models), or one of each per feature (<see cref="InputScales"/>, <see cref="InputZeroPoints"/>). Exactly one form is
/// present.</para>
/// <para>Everything else of the integer model (per-row weight scales, multipliers and shifts, folded biases, FloatSD8
/// offsets) is a deterministic function of the float weights and these values, so a reader rebuilds the identical
/// integer model from the file (<see cref="Quantization.IntegerSequenceScorer.FromModel"/>).</para>
/// </remarks>
public sealed record ModelQuantization
{
    /// <summary>The largest input scale accepted: a standardized feature never spans more than this per int8 step.</summary>
    public const double MaxInputScale = 1e6;

    /// <summary>The default input headroom of calibration: every int8 input range covers three times the robust calibrated range (and all of the calibration data), so new traffic well beyond it is not clipped.</summary>
    public const double DefaultInputHeadroom = 2.0;

    /// <summary>The default fraction of calibration values at each end of a feature left out of the robust range that the headroom stretches.</summary>
    public const double DefaultInputTailFraction = 0.001;

    /// <summary>Gets the weight format of the integer model.</summary>
    public QuantizationScheme Scheme { get; init; } = QuantizationScheme.DenseInt8;

    /// <summary>Gets the real value of one int8 input step shared by every feature, s_x (x = s_x · (q − z_x)), or <see langword="null"/> when the scales are per feature.</summary>
    public double? InputScale { get; init; }

    /// <summary>Gets the int8 code of the real input 0 shared by every feature, z_x, or <see langword="null"/> when the zero points are per feature.</summary>
    public int? InputZeroPoint { get; init; }

    /// <summary>Gets the real value of one int8 step of each feature, s_j (x_j = s_j · (q_j − z_j)), or <see langword="null"/> for one shared scale.</summary>
    public IReadOnlyList<double>? InputScales { get; init; }

    /// <summary>Gets the int8 code of the real input 0 of each feature, z_j, or <see langword="null"/> for one shared zero point.</summary>
    public IReadOnlyList<int>? InputZeroPoints { get; init; }

    /// <summary>Gets the cell-state exponent k: c is stored as int16 with real value c · 2^−k, k in 0..15.</summary>
    public int CellExponent { get; init; }

    /// <summary>Gets the number of calibration sequences, for the record.</summary>
    public int CalibrationSequences { get; init; }

    /// <summary>Gets a value indicating whether each feature has its own input scale and zero point.</summary>
    public bool PerFeature => InputScales is not null;

    /// <summary>Returns the input scale of every feature (the shared one repeated when there is one).</summary>
    /// <param name="inputSize">The number of features m.</param>
    public double[] FeatureScales(int inputSize) =>
        InputScales is { } scales ? [.. scales] : Enumerable.Repeat(InputScale ?? 0, inputSize).ToArray();

    /// <summary>Returns the input zero point of every feature (the shared one repeated when there is one).</summary>
    /// <param name="inputSize">The number of features m.</param>
    public int[] FeatureZeroPoints(int inputSize) =>
        InputZeroPoints is { } zeroPoints ? [.. zeroPoints] : Enumerable.Repeat(InputZeroPoint ?? 0, inputSize).ToArray();

    /// <summary>Checks that the values describe an integer model of m inputs that can be built.</summary>
    /// <param name="inputSize">The number of features m of the model.</param>
    /// <exception cref="ArgumentException">A value is out of range; the message names its field.</exception>
    public void Validate(int inputSize)
    {
        ModelConfig.Require(Enum.IsDefined(Scheme), $"quantization.scheme '{Scheme}' is not a known scheme");
        bool shared = InputScale is not null || InputZeroPoint is not null;
        bool perFeature = InputScales is not null || InputZeroPoints is not null;
        ModelConfig.Require(
            shared != perFeature,
            "quantization needs either input_scale and input_zero_point (one for every feature) or input_scales and input_zero_points (one per feature), not both or neither");
        if (shared)
        {
            ModelConfig.Require(InputScale is not null && InputZeroPoint is not null, "quantization.input_scale and quantization.input_zero_point go together");
            CheckScale(InputScale!.Value, "quantization.input_scale");
            CheckZeroPoint(InputZeroPoint!.Value, "quantization.input_zero_point");
        }
        else
        {
            ModelConfig.Require(InputScales is not null && InputZeroPoints is not null, "quantization.input_scales and quantization.input_zero_points go together");
            ModelConfig.Require(InputScales!.Count == inputSize, $"quantization.input_scales has {InputScales.Count} entries but input_size is {inputSize}");
            ModelConfig.Require(InputZeroPoints!.Count == inputSize, $"quantization.input_zero_points has {InputZeroPoints.Count} entries but input_size is {inputSize}");
            for (int j = 0; j < inputSize; j++)
            {
                CheckScale(InputScales[j], $"quantization.input_scales[{j}]");
                CheckZeroPoint(InputZeroPoints[j], $"quantization.input_zero_points[{j}]");
            }
        }

        ModelConfig.Require(CellExponent is >= 0 and <= 15, $"quantization.cell_exponent {CellExponent} is outside 0..15");
        ModelConfig.Require(CalibrationSequences >= 0, $"quantization.calibration_sequences {CalibrationSequences} is negative");
    }

    private static void CheckScale(double scale, string field) =>
        ModelConfig.Require(double.IsFinite(scale) && scale > 0 && scale <= MaxInputScale, $"{field} {scale} is not a positive finite number up to {MaxInputScale}");

    private static void CheckZeroPoint(int zeroPoint, string field) =>
        ModelConfig.Require(zeroPoint is >= sbyte.MinValue and <= sbyte.MaxValue, $"{field} {zeroPoint} is outside -128..127");
}
