using EdgeLstm.Model.Cells;
using EdgeLstm.Model.Kernels;

namespace EdgeLstm.Model.Quantization;

/// <summary>Quantizes a float cell (PyTorch weight layout) into a <see cref="QuantizedCell"/> given the calibrated input and cell ranges.</summary>
/// <remarks>
/// <para>Per-feature input scales s_j are folded into the columns of W before its per-row quantization:
/// <c>W x = Σ_j (W[r, j] · s_j) · (x_j / s_j)</c>, so the int8 code of feature j multiplies the folded weight
/// <c>W[r, j] · s_j / s_max</c> (s_max the largest s_j; the factor is exactly 1 when every feature shares one scale, so
/// that case gives the weights of the shared-scale scheme bit for bit) and the accumulator unit is s_r · s_max.</para>
/// <para>Weights: int8 symmetric per row (scale max|w_r| / 127, values in −127..127; an all-zero row takes the tensor's
/// scale), or FloatSD8 with one offset per tensor, or int8 in compressed sparse rows. FloatSD8 weights are the trained
/// values k · 2^e exactly; folding a scale into a column would change them, so FloatSD8 takes one shared input scale
/// (per-feature scales are rejected). Input projection bias: round(b / (s_r · s_max)) − Σ_j W_q[r, j] · z_j (the zero
/// points folded in). Recurrent-only gates: round(b / (s_r / 128)). Gates without weights: the constant
/// round(4096 · b) saturated to Q3.12. A recurrent bias (gru's b_hh): round(b / (s_r / 128)) in the recurrent
/// projection. Peephole: int16 symmetric with one scale. Which gate has which tensor: <see cref="CellDescriptor"/>.</para>
/// </remarks>
internal static class QuantizedCellFactory
{
    /// <summary>The finest per-row weight scale, as a power-of-two fraction of the tensor's scale (2^−8).</summary>
    internal const int MinRowScaleExponent = 8;

    /// <summary>Creates an integer cell from float parameters.</summary>
    /// <param name="kind">The cell kind.</param>
    /// <param name="inputSize">m.</param>
    /// <param name="hiddenSize">n.</param>
    /// <param name="inputWeights">W, row-major, gates with input weights stacked in order (lstm 4n × m, lite 2n × m, slim g only n × m).</param>
    /// <param name="recurrentWeights">U, row-major, gates with recurrent weights stacked (lstm, slim1, slim2 4n × n, lite 2n × n, slim3 n × n).</param>
    /// <param name="bias">b, gates with a bias stacked (slim2: g only), then for gru the recurrent bias b_hh (3n).</param>
    /// <param name="peephole">The lite peephole p (n), or null.</param>
    /// <param name="inputScale">The real value of one input unit, shared by every feature.</param>
    /// <param name="inputZeroPoint">The int8 that represents a real 0 input, shared by every feature.</param>
    /// <param name="cellExponent">k, the cell state's power-of-two exponent (real c = c · 2^−k).</param>
    /// <param name="format">The weight format.</param>
    /// <exception cref="ArgumentException">A tensor has the wrong length or a NaN or infinite value, or a bias does not fit int32 at its scale.</exception>
    public static QuantizedCell Create(
        CellKind kind,
        int inputSize,
        int hiddenSize,
        ReadOnlySpan<float> inputWeights,
        ReadOnlySpan<float> recurrentWeights,
        ReadOnlySpan<float> bias,
        float[]? peephole,
        double inputScale,
        int inputZeroPoint,
        int cellExponent,
        WeightFormat format)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        return Create(
            kind,
            inputSize,
            hiddenSize,
            inputWeights,
            recurrentWeights,
            bias,
            peephole,
            Enumerable.Repeat(inputScale, inputSize).ToArray(),
            Enumerable.Repeat(inputZeroPoint, inputSize).ToArray(),
            cellExponent,
            format);
    }

    /// <summary>Creates an integer cell from float parameters, with one input scale and zero point per feature folded into the input projection.</summary>
    /// <param name="kind">The cell kind.</param>
    /// <param name="inputSize">m.</param>
    /// <param name="hiddenSize">n.</param>
    /// <param name="inputWeights">W, row-major, gates with input weights stacked in order (lstm 4n × m, lite 2n × m, slim g only n × m).</param>
    /// <param name="recurrentWeights">U, row-major, gates with recurrent weights stacked (lstm, slim1, slim2 4n × n, lite 2n × n, slim3 n × n).</param>
    /// <param name="bias">b, gates with a bias stacked (slim2: g only), then for gru the recurrent bias b_hh (3n).</param>
    /// <param name="peephole">The lite peephole p (n), or null.</param>
    /// <param name="inputScales">The real value of one input unit of each feature, m long (kept, not copied).</param>
    /// <param name="inputZeroPoints">The int8 that represents a real 0 of each feature, m long (kept, not copied).</param>
    /// <param name="cellExponent">k, the cell state's power-of-two exponent (real c = c · 2^−k).</param>
    /// <param name="format">The weight format.</param>
    /// <exception cref="ArgumentException">A tensor has the wrong length or a NaN or infinite value, a bias does not fit int32 at its scale, or FloatSD8 weights are given different input scales.</exception>
    public static QuantizedCell Create(
        CellKind kind,
        int inputSize,
        int hiddenSize,
        ReadOnlySpan<float> inputWeights,
        ReadOnlySpan<float> recurrentWeights,
        ReadOnlySpan<float> bias,
        float[]? peephole,
        double[] inputScales,
        int[] inputZeroPoints,
        int cellExponent,
        WeightFormat format)
    {
        CellDescriptor descriptor = CellDescriptor.For(kind);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        int n = hiddenSize;
        int inputRows = descriptor.InputGates.Count * n;
        int recurrentRows = descriptor.RecurrentGates.Count * n;
        CheckTensor(inputWeights, (long)inputRows * inputSize, nameof(inputWeights));
        CheckTensor(recurrentWeights, (long)recurrentRows * n, nameof(recurrentWeights));
        CheckTensor(bias, (descriptor.BiasGates.Count + descriptor.RecurrentBiasGates.Count) * n, nameof(bias));
        if (peephole is not null)
        {
            CheckTensor(peephole, n, nameof(peephole));
        }

        ArgumentNullException.ThrowIfNull(inputScales);
        ArgumentNullException.ThrowIfNull(inputZeroPoints);
        if (inputScales.Length != inputSize || inputZeroPoints.Length != inputSize)
        {
            throw new ArgumentException($"Expected {inputSize} input scales and zero points.", nameof(inputScales));
        }

        (float[] foldedWeights, double largestScale) = FoldInputScales(inputWeights, inputRows, inputScales, format);
        (IntegerMatrix inputMatrix, double[] inputRowScales) = QuantizeMatrix(foldedWeights, inputRows, inputSize, format);
        (IntegerMatrix recurrentMatrix, double[] recurrentRowScales) = QuantizeMatrix(recurrentWeights, recurrentRows, n, format);
        var input = new QuantizedProjection(inputMatrix, FoldZeroPoints(inputMatrix, inputZeroPoints), Scaled(inputRowScales, largestScale));
        var recurrent = new QuantizedProjection(recurrentMatrix, new int[recurrentRows], Scaled(recurrentRowScales, QuantizedCell.HiddenScale));
        short[] constants = FoldBias(descriptor, n, bias[..(descriptor.BiasGates.Count * n)], input, recurrent);
        FoldRecurrentBias(descriptor, n, bias[(descriptor.BiasGates.Count * n)..], recurrent);
        return new QuantizedCell(
            kind, inputSize, hiddenSize, input, recurrent, constants, QuantizePeephole(peephole, cellExponent), cellExponent, inputScales, inputZeroPoints);
    }

    /// <summary>Creates an integer linear head on the int8 hidden state (real h = h / 128).</summary>
    /// <param name="weights">The head weights, outputs × n, row-major.</param>
    /// <param name="bias">The head bias, one per output.</param>
    /// <param name="outputs">The number of outputs.</param>
    /// <param name="hiddenSize">n.</param>
    /// <param name="format">The weight format.</param>
    /// <exception cref="ArgumentException">A tensor has the wrong length or a NaN or infinite value.</exception>
    public static QuantizedHead CreateHead(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, int outputs, int hiddenSize, WeightFormat format)
    {
        CheckTensor(weights, (long)outputs * hiddenSize, nameof(weights));
        CheckTensor(bias, outputs, nameof(bias));
        (IntegerMatrix matrix, double[] rowScales) = QuantizeMatrix(weights, outputs, hiddenSize, format);
        var scales = new double[outputs];
        var quantizedBias = new int[outputs];
        for (int r = 0; r < outputs; r++)
        {
            scales[r] = rowScales[r] * QuantizedCell.HiddenScale;
            quantizedBias[r] = ToInt32(Math.Round(bias[r] / scales[r], MidpointRounding.AwayFromZero), nameof(bias));
        }

        return new QuantizedHead(matrix, quantizedBias, scales);
    }

    /// <summary>Quantizes a row-major float matrix to the format, returning the real value of one weight unit per row.</summary>
    internal static (IntegerMatrix Matrix, double[] RowScales) QuantizeMatrix(ReadOnlySpan<float> weights, int rows, int columns, WeightFormat format)
    {
        var rowScales = new double[rows];
        if (format == WeightFormat.FloatSD8)
        {
            int offset = FloatSD8.ChooseOffset(MaxAbs(weights));
            var codes = new byte[weights.Length];
            for (int i = 0; i < codes.Length; i++)
            {
                codes[i] = FloatSD8.Encode(weights[i], offset);
            }

            Array.Fill(rowScales, Math.ScaleB(1.0, -offset));
            return (new FloatSD8Matrix(codes, rows, columns, offset), rowScales);
        }

        var quantized = new sbyte[weights.Length];
        double tensorMaxAbs = MaxAbs(weights);

        // An all-zero row (common in sparse models) still needs a fine scale: the bias is quantized at it. A row whose
        // weights have all but vanished (a head row predicting a constant feature, decayed to 1e-10) would give a scale
        // so fine that its bias overflows int32, so no row scale is finer than 2^−MinRowScaleExponent of the tensor's.
        double zeroRowScale = (tensorMaxAbs == 0 ? 1.0 : tensorMaxAbs) / sbyte.MaxValue;
        double finestRowScale = Math.ScaleB(zeroRowScale, -MinRowScaleExponent);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = weights.Slice(r * columns, columns);
            double maxAbs = MaxAbs(row);
            double scale = maxAbs == 0 ? zeroRowScale : Math.Max(maxAbs / sbyte.MaxValue, finestRowScale);
            rowScales[r] = scale;
            for (int j = 0; j < columns; j++)
            {
                quantized[(r * columns) + j] = (sbyte)Math.Clamp(Math.Round(row[j] / scale, MidpointRounding.AwayFromZero), -sbyte.MaxValue, sbyte.MaxValue);
            }
        }

        IntegerMatrix matrix = format == WeightFormat.SparseInt8
            ? SparseInt8Matrix.FromDense(quantized, rows, columns)
            : new Int8Matrix(quantized, rows, columns);
        return (matrix, rowScales);
    }

    // Multiplies column j of W by s_j / s_max. The factor is exactly 1 for every column when the scales are equal, so
    // the shared-scale case keeps its weights bit for bit; FloatSD8 weights must stay the trained k · 2^e and so take one scale.
    private static (float[] Weights, double LargestScale) FoldInputScales(ReadOnlySpan<float> weights, int rows, double[] scales, WeightFormat format)
    {
        double largest = 0;
        double smallest = double.PositiveInfinity;
        foreach (double scale in scales)
        {
            if (!double.IsFinite(scale) || scale <= 0)
            {
                throw new ArgumentException($"Every input scale must be finite and positive, not {scale}.", nameof(scales));
            }

            largest = Math.Max(largest, scale);
            smallest = Math.Min(smallest, scale);
        }

        if (format == WeightFormat.FloatSD8 && smallest != largest)
        {
            throw new ArgumentException(
                "FloatSD8 weights take one input scale for every feature: folding per-feature scales into their columns would make them other than the trained k · 2^e.",
                nameof(scales));
        }

        float[] folded = weights.ToArray();
        int columns = scales.Length;
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < columns; j++)
            {
                folded[(r * columns) + j] = (float)(folded[(r * columns) + j] * (scales[j] / largest));
            }
        }

        return (folded, largest);
    }

    private static double[] Scaled(double[] rowScales, double factor)
    {
        var scales = new double[rowScales.Length];
        for (int r = 0; r < scales.Length; r++)
        {
            scales[r] = rowScales[r] * factor;
        }

        return scales;
    }

    // −Σ_j W_q[r, j] · z_j per row: the input zero points folded into the input bias.
    private static int[] FoldZeroPoints(IntegerMatrix weights, int[] zeroPoints)
    {
        var folded = new int[weights.Rows];
        for (int r = 0; r < weights.Rows; r++)
        {
            long zeroPointSum = 0;
            for (int j = 0; j < weights.Columns; j++)
            {
                zeroPointSum += (long)weights.WeightAt(r, j) * zeroPoints[j];
            }

            folded[r] = ToInt32(-zeroPointSum, "inputZeroPoints");
        }

        return folded;
    }

    // Adds each gate's bias to its input projection when it has one, else to its recurrent one, else returns it as the
    // gate's constant pre-activation (gate-major, zero for the other gates).
    private static short[] FoldBias(CellDescriptor descriptor, int n, ReadOnlySpan<float> bias, QuantizedProjection input, QuantizedProjection recurrent)
    {
        var constants = new short[descriptor.GateCount * n];
        int biasRow = 0;
        for (int gate = 0; gate < descriptor.GateCount; gate++)
        {
            if (!descriptor.BiasGates.Contains(gate))
            {
                continue;
            }

            for (int u = 0; u < n; u++)
            {
                double b = bias[biasRow + u];
                if (descriptor.InputGates.Contains(gate))
                {
                    AddBias(input, ((gate - descriptor.InputGates.First) * n) + u, b);
                }
                else if (descriptor.RecurrentGates.Contains(gate))
                {
                    AddBias(recurrent, ((gate - descriptor.RecurrentGates.First) * n) + u, b);
                }
                else
                {
                    constants[(gate * n) + u] = FixedPoint.SaturateToInt16((int)Math.Clamp(Math.Round(b * 4096, MidpointRounding.AwayFromZero), short.MinValue, short.MaxValue));
                }
            }

            biasRow += n;
        }

        return constants;
    }

    // Adds the recurrent bias (gru's b_hh) to the recurrent projection's rows of its gates.
    private static void FoldRecurrentBias(CellDescriptor descriptor, int n, ReadOnlySpan<float> bias, QuantizedProjection recurrent)
    {
        GateRange gates = descriptor.RecurrentBiasGates;
        if (gates.Count > 0 && (gates.First < descriptor.RecurrentGates.First || gates.First + gates.Count > descriptor.RecurrentGates.First + descriptor.RecurrentGates.Count))
        {
            throw new ArgumentException($"Cell kind {descriptor} has a recurrent bias on a gate without recurrent weights.", nameof(descriptor));
        }

        int first = (gates.First - descriptor.RecurrentGates.First) * n;
        for (int r = 0; r < bias.Length; r++)
        {
            AddBias(recurrent, first + r, bias[r]);
        }
    }

    private static void AddBias(QuantizedProjection projection, int row, double bias) =>
        projection.Bias[row] = ToInt32(projection.Bias[row] + Math.Round(bias / projection.AccumulatorScales[row], MidpointRounding.AwayFromZero), "bias");

    private static QuantizedPeephole? QuantizePeephole(float[]? peephole, int cellExponent)
    {
        if (peephole is null)
        {
            return null;
        }

        double maxAbs = MaxAbs(peephole);
        double scale = maxAbs == 0 ? 1.0 : maxAbs / short.MaxValue;
        var weights = new short[peephole.Length];
        for (int u = 0; u < weights.Length; u++)
        {
            weights[u] = (short)Math.Clamp(Math.Round(peephole[u] / scale, MidpointRounding.AwayFromZero), -short.MaxValue, short.MaxValue);
        }

        return new QuantizedPeephole(weights, scale, cellExponent);
    }

    private static double MaxAbs(ReadOnlySpan<float> values)
    {
        double max = 0;
        foreach (float value in values)
        {
            max = Math.Max(max, Math.Abs(value));
        }

        return max;
    }

    private static void CheckTensor(ReadOnlySpan<float> values, long expectedLength, string name)
    {
        if (values.Length != expectedLength)
        {
            throw new ArgumentException($"Expected {expectedLength} values, got {values.Length}.", name);
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"Value {i} is {values[i]}; every value must be finite.", name);
            }
        }
    }

    private static int ToInt32(double value, string name) =>
        value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw new ArgumentException($"A bias of {value} accumulator units does not fit int32.", name);
}
