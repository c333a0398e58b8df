using EdgeLstm.Model.Kernels;

namespace EdgeLstm.Model.Quantization;

/// <summary>
/// Represents one integer weight matrix of a cell with what turns its int32 accumulators into Q3.12 gate terms: a
/// folded int32 bias, one fixed-point multiplier per row and one shift for the whole matrix.
/// </summary>
/// <remarks>
/// Row r's accumulator <c>a = bias[r] + Σ_j W[r, j] · v[j]</c> has the real value <c>AccumulatorScales[r] · a</c>;
/// its Q3.12 term is <c>MultiplyByQuantizedMultiplier(a, Multipliers[r], Shift)</c> saturated to int16, where
/// Multipliers[r] · 2^(Shift − 31) ≈ AccumulatorScales[r] · 4096. The shift is the largest row's
/// <see cref="FixedPoint.QuantizeMultiplier"/> shift; smaller rows get a multiplier below 2^30 instead of their own
/// shift (a row 2^d times smaller keeps 30 − d significant bits), so that every lane of a vector shifts alike.
/// </remarks>
internal sealed class QuantizedProjection
{
    /// <summary>Initializes the projection and derives the multipliers and shifts from the accumulator scales.</summary>
    /// <exception cref="ArgumentException">An array's length differs from the matrix's rows.</exception>
    public QuantizedProjection(IntegerMatrix weights, int[] bias, double[] accumulatorScales)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentNullException.ThrowIfNull(accumulatorScales);
        if (bias.Length != weights.Rows || accumulatorScales.Length != weights.Rows)
        {
            throw new ArgumentException($"The bias and the scales must have one entry per row ({weights.Rows}).");
        }

        Weights = weights;
        Bias = bias;
        AccumulatorScales = accumulatorScales;
        Multipliers = new int[weights.Rows];
        var shifts = new int[weights.Rows];
        for (int r = 0; r < weights.Rows; r++)
        {
            FixedPoint.QuantizeMultiplier(accumulatorScales[r] * 4096.0, out Multipliers[r], out shifts[r]);
        }

        Shift = shifts.Length == 0 ? 0 : shifts.Max();
        for (int r = 0; r < weights.Rows; r++)
        {
            if (shifts[r] != Shift)
            {
                // Below 2^30, so rounding cannot reach 2^31.
                Multipliers[r] = (int)Math.Round(Math.ScaleB(accumulatorScales[r] * 4096.0, 31 - Shift), MidpointRounding.AwayFromZero);
            }
        }
    }

    /// <summary>Gets the integer weights.</summary>
    public IntegerMatrix Weights { get; }

    /// <summary>Gets the int32 bias per row, zero point and real bias folded in.</summary>
    public int[] Bias { get; }

    /// <summary>Gets the real value of one accumulator unit, per row.</summary>
    public double[] AccumulatorScales { get; }

    /// <summary>Gets the non-negative Q0.31 multiplier per row.</summary>
    public int[] Multipliers { get; }

    /// <summary>Gets the shift shared by every row.</summary>
    public int Shift { get; }
}
