namespace EdgeLstm.Model;

/// <summary>
/// Holds the calibrated parameters of post-training quantization: the <c>quantization</c> section of
/// <c>edgelstm.config</c>.
/// </summary>
/// <remarks>
/// Everything else of the integer model (per-row weight scales, multipliers and shifts, folded biases, FloatSD8
/// offsets) is a deterministic function of the float weights and these values, so a reader rebuilds the identical
/// integer model from the file (<see cref="Quantization.IntegerSequenceScorer.FromModel"/>).
/// </remarks>
public sealed record ModelQuantization
{
    /// <summary>The largest input scale accepted: a standardized feature never spans more than this per int8 step.</summary>
    public const double MaxInputScale = 1e6;

    /// <summary>Gets the weight format of the integer model.</summary>
    public QuantizationScheme Scheme { get; init; } = QuantizationScheme.DenseInt8;

    /// <summary>Gets the real value of one int8 input step, s_x (x = s_x · (q − z_x)).</summary>
    public double InputScale { get; init; }

    /// <summary>Gets the int8 code of the real input 0, z_x.</summary>
    public int InputZeroPoint { get; init; }

    /// <summary>Gets the cell-state exponent k: c is stored as int16 with real value c · 2^−k, k in 0..15.</summary>
    public int CellExponent { get; init; }

    /// <summary>Gets the number of calibration sequences, for the record.</summary>
    public int CalibrationSequences { get; init; }

    /// <summary>Checks that the values describe an integer model that can be built.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names its field.</exception>
    public void Validate()
    {
        ModelConfig.Require(Enum.IsDefined(Scheme), $"quantization.scheme '{Scheme}' is not a known scheme");
        ModelConfig.Require(
            double.IsFinite(InputScale) && InputScale > 0 && InputScale <= MaxInputScale,
            $"quantization.input_scale {InputScale} is not a positive finite number up to {MaxInputScale}");
        ModelConfig.Require(InputZeroPoint is >= sbyte.MinValue and <= sbyte.MaxValue, $"quantization.input_zero_point {InputZeroPoint} is outside -128..127");
        ModelConfig.Require(CellExponent is >= 0 and <= 15, $"quantization.cell_exponent {CellExponent} is outside 0..15");
        ModelConfig.Require(CalibrationSequences >= 0, $"quantization.calibration_sequences {CalibrationSequences} is negative");
    }
}
