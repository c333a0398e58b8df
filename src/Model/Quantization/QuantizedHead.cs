using EdgeLstm.Model.Kernels;

namespace EdgeLstm.Model.Quantization;

/// <summary>
/// Applies a linear head to the int8 hidden state: integer products into int32 accumulators, then one float
/// multiplication per output (the score may be formed in float, DESIGN.md).
/// </summary>
/// <remarks>Allocation-free per call; not thread-safe (it keeps one accumulator buffer).</remarks>
internal sealed class QuantizedHead
{
    private readonly int[] _accumulators;

    /// <summary>Initializes the head.</summary>
    /// <param name="weights">The integer weights, outputs × n.</param>
    /// <param name="bias">The int32 bias per output, at the accumulator scale.</param>
    /// <param name="accumulatorScales">The real value of one accumulator unit, per output.</param>
    /// <exception cref="ArgumentException">An array's length differs from the outputs.</exception>
    public QuantizedHead(IntegerMatrix weights, int[] bias, double[] accumulatorScales)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentNullException.ThrowIfNull(accumulatorScales);
        if (bias.Length != weights.Rows || accumulatorScales.Length != weights.Rows)
        {
            throw new ArgumentException($"The bias and the scales must have one entry per output ({weights.Rows}).");
        }

        Weights = weights;
        Bias = bias;
        AccumulatorScales = accumulatorScales;
        _accumulators = new int[weights.Rows];
    }

    /// <summary>Gets the integer weights.</summary>
    public IntegerMatrix Weights { get; }

    /// <summary>Gets the int32 bias per output.</summary>
    public int[] Bias { get; }

    /// <summary>Gets the real value of one accumulator unit, per output.</summary>
    public double[] AccumulatorScales { get; }

    /// <summary>Computes the real head outputs (logits or predictions) from a hidden state.</summary>
    /// <param name="hidden">The int8 hidden state, n long.</param>
    /// <param name="destination">Receives one value per output.</param>
    /// <exception cref="ArgumentException">A span's length does not fit.</exception>
    /// <remarks>This method effectively computes <c>destination[r] = AccumulatorScales[r] · (Bias[r] + Σ_j W[r, j] · hidden[j])</c>.</remarks>
    public void Evaluate(ReadOnlySpan<sbyte> hidden, Span<float> destination)
    {
        if (destination.Length < _accumulators.Length)
        {
            throw new ArgumentException($"Expected room for {_accumulators.Length} outputs.", nameof(destination));
        }

        Weights.MultiplyAdd(hidden, Bias, _accumulators);
        for (int r = 0; r < _accumulators.Length; r++)
        {
            destination[r] = (float)(AccumulatorScales[r] * _accumulators[r]);
        }
    }
}
