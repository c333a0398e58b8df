namespace EdgeLstm.Model.Quantization;

/// <summary>Holds the LiteLSTM peephole p (diagonal): int16 weights and the multiplier that takes p · c to Q3.12.</summary>
internal sealed class QuantizedPeephole
{
    /// <summary>Initializes the peephole.</summary>
    /// <param name="weights">The int16 weights, one per hidden unit.</param>
    /// <param name="scale">The real value of one weight unit.</param>
    /// <param name="cellExponent">The cell's k (real c = c · 2^−k).</param>
    public QuantizedPeephole(short[] weights, double scale, int cellExponent)
    {
        ArgumentNullException.ThrowIfNull(weights);
        Weights = weights;
        Scale = scale;
        FixedPoint.QuantizeMultiplier(Math.ScaleB(scale, 12 - cellExponent), out int multiplier, out int shift);
        Multiplier = multiplier;
        Shift = shift;
    }

    /// <summary>Gets the int16 weights.</summary>
    public short[] Weights { get; }

    /// <summary>Gets the real value of one weight unit.</summary>
    public double Scale { get; }

    /// <summary>Gets the Q0.31 multiplier of the product p · c.</summary>
    public int Multiplier { get; }

    /// <summary>Gets the shift of the product p · c.</summary>
    public int Shift { get; }

    /// <summary>Returns the Q3.12 term p[u] · c for one unit, saturated to int16.</summary>
    public short Term(int unit, short cell) =>
        FixedPoint.SaturateToInt16(FixedPoint.MultiplyByQuantizedMultiplier(Weights[unit] * cell, Multiplier, Shift));
}
