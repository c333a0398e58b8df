using EdgeLstm.Model.Kernels;

namespace EdgeLstm.Model.Quantization;

/// <summary>
/// Represents one integer weight matrix of a cell with what turns its int32 accumulators into Q3.12 gate terms: a
/// folded int32 bias and one fixed-point multiplier and shift per row.
/// </summary>
/// <remarks>
/// Row r's accumulator <c>a = bias[r] + Σ_j W[r, j] · v[j]</c> has the real value <c>AccumulatorScales[r] · a</c>;
/// its Q3.12 term is <c>MultiplyByQuantizedMultiplier(a, Multipliers[r], Shifts[r])</c> saturated to int16, where
/// Multipliers[r] · 2^(Shifts[r] − 31) ≈ AccumulatorScales[r] · 4096.
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
        Shifts = new int[weights.Rows];
        for (int r = 0; r < weights.Rows; r++)
        {
            FixedPoint.QuantizeMultiplier(accumulatorScales[r] * 4096.0, out Multipliers[r], out Shifts[r]);
        }
    }

    /// <summary>Gets the integer weights.</summary>
    public IntegerMatrix Weights { get; }

    /// <summary>Gets the int32 bias per row, zero point and real bias folded in.</summary>
    public int[] Bias { get; }

    /// <summary>Gets the real value of one accumulator unit, per row.</summary>
    public double[] AccumulatorScales { get; }

    /// <summary>Gets the Q0.31 multiplier per row.</summary>
    public int[] Multipliers { get; }

    /// <summary>Gets the shift per row.</summary>
    public int[] Shifts { get; }

    /// <summary>Turns row r's accumulator into its Q3.12 term, saturated to int16.</summary>
    public short ToGateTerm(int row, int accumulator) =>
        FixedPoint.SaturateToInt16(FixedPoint.MultiplyByQuantizedMultiplier(accumulator, Multipliers[row], Shifts[row]));
}
