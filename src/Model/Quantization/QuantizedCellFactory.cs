using EdgeLstm.Model.Kernels;

namespace EdgeLstm.Model.Quantization;

/// <summary>Quantizes a float cell (PyTorch weight layout) into a <see cref="QuantizedCell"/> given the calibrated input and cell ranges.</summary>
/// <remarks>
/// Weights: int8 symmetric per row (scale max|w_r| / 127, values in −127..127; an all-zero row takes the tensor's
/// scale), or FloatSD8 with one offset per
/// tensor, or int8 in compressed sparse rows. Input projection bias: round(b / (s_r · s_x)) − z_x · Σ_j W_q[r, j]
/// (the zero point folded in). Recurrent-only gates: round(b / (s_r / 128)). Gates without weights: the
/// constant round(4096 · b) saturated to Q3.12. Peephole: int16 symmetric with one scale.
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
    /// <param name="bias">b, gates with a bias stacked (slim2: g only).</param>
    /// <param name="peephole">The lite peephole p (n), or null.</param>
    /// <param name="inputScale">The real value of one input unit.</param>
    /// <param name="inputZeroPoint">The int8 that represents a real 0 input.</param>
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
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        int gates = CellGateLayout.GateCount(kind);
        int n = hiddenSize;
        int inputRows = CellGateLayout.Count(kind, CellGateLayout.HasInput) * n;
        int recurrentRows = CellGateLayout.Count(kind, CellGateLayout.HasRecurrent) * n;
        int biasRows = CellGateLayout.Count(kind, CellGateLayout.HasBias) * n;
        CheckTensor(inputWeights, (long)inputRows * inputSize, nameof(inputWeights));
        CheckTensor(recurrentWeights, (long)recurrentRows * n, nameof(recurrentWeights));
        CheckTensor(bias, biasRows, nameof(bias));
        if (peephole is not null)
        {
            CheckTensor(peephole, n, nameof(peephole));
        }

        (IntegerMatrix inputMatrix, double[] inputRowScales) = QuantizeMatrix(inputWeights, inputRows, inputSize, format);
        (IntegerMatrix recurrentMatrix, double[] recurrentRowScales) = QuantizeMatrix(recurrentWeights, recurrentRows, n, format);
        long[] inputRowSums = inputMatrix.RowSums();

        var inputBias = new int[inputRows];
        var inputScales = new double[inputRows];
        var recurrentBias = new int[recurrentRows];
        var recurrentScales = new double[recurrentRows];
        var constants = new short[gates * n];
        for (int r = 0; r < inputRows; r++)
        {
            inputScales[r] = inputRowScales[r] * inputScale;
            inputBias[r] = ToInt32(-(long)inputZeroPoint * inputRowSums[r], nameof(inputZeroPoint));
        }

        for (int r = 0; r < recurrentRows; r++)
        {
            recurrentScales[r] = recurrentRowScales[r] * QuantizedCell.HiddenScale;
        }

        int inputRow = 0;
        int recurrentRow = 0;
        int biasRow = 0;
        for (int gate = 0; gate < gates; gate++)
        {
            bool hasInput = CellGateLayout.HasInput(kind, gate);
            bool hasRecurrent = CellGateLayout.HasRecurrent(kind, gate);
            if (CellGateLayout.HasBias(kind, gate))
            {
                for (int u = 0; u < n; u++)
                {
                    double b = bias[biasRow + u];
                    if (hasInput)
                    {
                        inputBias[inputRow + u] = ToInt32(inputBias[inputRow + u] + Math.Round(b / inputScales[inputRow + u], MidpointRounding.AwayFromZero), nameof(bias));
                    }
                    else if (hasRecurrent)
                    {
                        recurrentBias[recurrentRow + u] = ToInt32(Math.Round(b / recurrentScales[recurrentRow + u], MidpointRounding.AwayFromZero), nameof(bias));
                    }
                    else
                    {
                        constants[(gate * n) + u] = FixedPoint.SaturateToInt16((int)Math.Clamp(Math.Round(b * 4096, MidpointRounding.AwayFromZero), short.MinValue, short.MaxValue));
                    }
                }

                biasRow += n;
            }

            inputRow += hasInput ? n : 0;
            recurrentRow += hasRecurrent ? n : 0;
        }

        QuantizedPeephole? quantizedPeephole = null;
        if (peephole is not null)
        {
            double maxAbs = MaxAbs(peephole);
            double scale = maxAbs == 0 ? 1.0 : maxAbs / short.MaxValue;
            var weights = new short[n];
            for (int u = 0; u < n; u++)
            {
                weights[u] = (short)Math.Clamp(Math.Round(peephole[u] / scale, MidpointRounding.AwayFromZero), -short.MaxValue, short.MaxValue);
            }

            quantizedPeephole = new QuantizedPeephole(weights, scale, cellExponent);
        }

        return new QuantizedCell(
            kind,
            inputSize,
            hiddenSize,
            new QuantizedProjection(inputMatrix, inputBias, inputScales),
            new QuantizedProjection(recurrentMatrix, recurrentBias, recurrentScales),
            constants,
            quantizedPeephole,
            cellExponent,
            inputScale,
            inputZeroPoint);
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
