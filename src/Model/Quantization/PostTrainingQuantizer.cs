using EdgeLstm.Model.Cells;

namespace EdgeLstm.Model.Quantization;

/// <summary>
/// Quantizes a trained float model into the integer scheme of DESIGN.md, calibrated on model-space inputs (features
/// after the model's normalisation).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Input, dense and sparse int8: one asymmetric int8 scale and zero point per feature, folded into the columns
/// of the input weights (<see cref="QuantizedCellFactory"/>). Each covers the feature's range [P(f), P(1 − f)] over the
/// calibration values (f = <see cref="QuantizationOptions.InputTailFraction"/>, 0 by default: the full range), widened
/// to contain 0 so that 0 is exact, then stretched about 0 by 1 + <see cref="QuantizationOptions.InputHeadroom"/> so
/// that traffic beyond the calibration data is not clipped at once. A feature constant in calibration takes the widest
/// feature's range: its weights were never trained to ignore it.</item>
/// <item>Input, FloatSD8: the same rule over every value pooled, one scale and zero point for all features, because
/// folding per-feature scales into FloatSD8 weights would make them other than the trained k · 2^e.</item>
/// <item>Cell state: the float model is run over the calibration set; k is the largest exponent whose range
/// 2^(15 − k) still covers the largest |c| times <see cref="QuantizationOptions.CellHeadroom"/> (0 ≤ k ≤ 15).</item>
/// <item>Weights, per-row scales, multipliers and shifts, folded biases: <see cref="QuantizedCellFactory"/>.</item>
/// </list>
/// </remarks>
internal static class PostTrainingQuantizer
{
    /// <summary>The largest input headroom accepted: the range stretched 64 times leaves a quarter of a code per calibrated step.</summary>
    public const double MaxInputHeadroom = 63;

    private const double MaxExactLowScaleIncrease = 1.25;

    /// <summary>Quantizes a float model.</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="calibrationInputs">Model-space inputs, <paramref name="count"/> sequences × <paramref name="steps"/> steps × m, sequence after sequence.</param>
    /// <param name="count">The number of calibration sequences.</param>
    /// <param name="steps">The number of steps per sequence.</param>
    /// <param name="options">The options, or null for the defaults.</param>
    /// <exception cref="ArgumentException">The calibration set is empty, has the wrong length, holds a NaN or infinite value, or is constant; or an option is out of range.</exception>
    public static QuantizedSequenceModel Quantize(SequenceModel<float> model, ReadOnlySpan<float> calibrationInputs, int count, int steps, QuantizationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new QuantizationOptions();
        if (options.InputTailFraction is < 0 or >= 0.5 || !(options.CellHeadroom >= 1) || !(options.InputHeadroom is >= 0 and <= MaxInputHeadroom))
        {
            throw new ArgumentException($"InputTailFraction must be in [0, 0.5), InputHeadroom in [0, {MaxInputHeadroom}] and CellHeadroom at least 1.", nameof(options));
        }

        int m = model.Config.InputSize;
        if (count <= 0 || steps <= 0)
        {
            throw new ArgumentException($"The calibration set is empty ({count} sequences × {steps} steps).", nameof(calibrationInputs));
        }

        if (calibrationInputs.Length != (long)count * steps * m)
        {
            throw new ArgumentException($"The calibration set holds {calibrationInputs.Length} values but {count} × {steps} × {m} are needed.", nameof(calibrationInputs));
        }

        for (int i = 0; i < calibrationInputs.Length; i++)
        {
            if (!float.IsFinite(calibrationInputs[i]))
            {
                throw new ArgumentException($"Calibration value {i} (sequence {i / (steps * m)}, step {i / m % steps}, feature {i % m}) is {calibrationInputs[i]}.", nameof(calibrationInputs));
            }
        }

        (double[] inputScales, int[] inputZeroPoints) = options.Format == WeightFormat.FloatSD8
            ? CalibrateSharedInput(calibrationInputs, m, options.InputTailFraction, options.InputHeadroom)
            : CalibrateInputs(calibrationInputs, m, options.InputTailFraction, options.InputHeadroom);
        int cellExponent = CellExponent(MaxAbsCell(model, calibrationInputs, count, steps), options.CellHeadroom);

        return Build(model, inputScales, inputZeroPoints, cellExponent, options.Format);
    }

    /// <summary>Builds the integer model from the float weights and calibrated values; the same inputs always give the same integer model.</summary>
    /// <param name="model">The float model.</param>
    /// <param name="inputScales">The input scale s_j of each feature, m long.</param>
    /// <param name="inputZeroPoints">The input zero point z_j of each feature, m long.</param>
    /// <param name="cellExponent">The cell-state exponent k.</param>
    /// <param name="format">The weight format.</param>
    /// <returns>The integer model.</returns>
    /// <exception cref="ArgumentException">The values do not fit the model, or FloatSD8 weights are given different input scales.</exception>
    public static QuantizedSequenceModel Build(SequenceModel<float> model, double[] inputScales, int[] inputZeroPoints, int cellExponent, WeightFormat format)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelConfig config = model.Config;
        int m = config.InputSize;
        QuantizedCell cell = QuantizedCellFactory.Create(
            config.Cell,
            m,
            config.HiddenSize,
            TensorOrEmpty(model, "cell.weight_ih"),
            TensorOrEmpty(model, "cell.weight_hh"),
            TensorOrEmpty(model, "cell.bias"),
            config.Cell == CellKind.Lite && config.Peephole ? TensorOrEmpty(model, "cell.peephole").ToArray() : null,
            inputScales,
            inputZeroPoints,
            cellExponent,
            format);
        QuantizedHead head = QuantizedCellFactory.CreateHead(
            TensorOrEmpty(model, "head.weight"), TensorOrEmpty(model, "head.bias"), config.OutputSize, config.HiddenSize, format);
        return new QuantizedSequenceModel(config, cell, head);
    }

    /// <summary>Returns one int8 scale and zero point per feature, each covering its feature's range (and 0) stretched by 1 + headroom.</summary>
    /// <exception cref="ArgumentException">Every feature is constant.</exception>
    internal static (double[] Scales, int[] ZeroPoints) CalibrateInputs(ReadOnlySpan<float> values, int features, double tailFraction, double headroom)
    {
        int rows = values.Length / features;
        var column = new float[rows];
        var low = new double[features];
        var high = new double[features];
        double widest = 0;
        for (int j = 0; j < features; j++)
        {
            for (int i = 0; i < rows; i++)
            {
                column[i] = values[(i * features) + j];
            }

            (low[j], high[j]) = Range(column, tailFraction);
            widest = Math.Max(widest, high[j] - low[j]);
        }

        if (widest <= 0)
        {
            throw new ArgumentException(
                $"The calibration inputs are constant within the central {1 - (2 * tailFraction):P1} of every feature: the input scales would be zero.", nameof(values));
        }

        var scales = new double[features];
        var zeroPoints = new int[features];
        for (int j = 0; j < features; j++)
        {
            bool constant = high[j] - low[j] <= 0;
            double lo = constant ? -widest / 2 : low[j];
            double hi = constant ? widest / 2 : high[j];
            (scales[j], zeroPoints[j]) = ScaleAndZeroPoint(lo, hi, headroom);
        }

        return (scales, zeroPoints);
    }

    /// <summary>Returns one int8 scale and zero point for every feature, covering the range of all values (and 0) stretched by 1 + headroom, repeated m times.</summary>
    /// <exception cref="ArgumentException">The values are constant.</exception>
    internal static (double[] Scales, int[] ZeroPoints) CalibrateSharedInput(ReadOnlySpan<float> values, int features, double tailFraction, double headroom)
    {
        (double low, double high) = Range(values.ToArray(), tailFraction);
        if (high - low <= 0)
        {
            throw new ArgumentException(
                $"The calibration inputs are constant ({values[0]}) within the central {1 - (2 * tailFraction):P1}: the input scale would be zero.", nameof(values));
        }

        (double scale, int zeroPoint) = ScaleAndZeroPoint(low, high, headroom);
        return (Enumerable.Repeat(scale, features).ToArray(), Enumerable.Repeat(zeroPoint, features).ToArray());
    }

    // [P(f), P(1 − f)] widened to contain 0; sorts the values in place.
    private static (double Low, double High) Range(float[] values, double tailFraction)
    {
        Array.Sort(values);
        double low = Math.Min(0.0, values[(int)Math.Floor(tailFraction * (values.Length - 1))]);
        double high = Math.Max(0.0, values[(int)Math.Ceiling((1 - tailFraction) * (values.Length - 1))]);
        return (low, high);
    }

    // The range stretched about 0, with the calibrated low end on the grid where that costs little resolution: a count
    // feature's low end is its value for no packets, the value of every silent window, so silence is quantized exactly.
    private static (double Scale, int ZeroPoint) ScaleAndZeroPoint(double low, double high, double headroom)
    {
        double stretchedLow = low * (1 + headroom);
        double stretchedHigh = high * (1 + headroom);
        double scale = (stretchedHigh - stretchedLow) / 255.0;
        int zeroPoint = (int)Math.Clamp(Math.Round(sbyte.MinValue - (stretchedLow / scale), MidpointRounding.AwayFromZero), sbyte.MinValue, sbyte.MaxValue);
        // A slightly coarser step (at most 1.25×) that puts low on a code keeps the stretched range covered.
        double steps = Math.Floor(-low / scale);
        if (steps >= 1 && -low / steps <= MaxExactLowScaleIncrease * scale)
        {
            scale = -low / steps;
        }

        return (scale, zeroPoint);
    }

    /// <summary>Returns the largest k in 0..15 whose int16 range 2^(15 − k) covers maxAbs · headroom.</summary>
    internal static int CellExponent(double maxAbs, double headroom)
    {
        double needed = maxAbs * headroom;
        return needed <= 0 ? 15 : (int)Math.Clamp(Math.Floor(15 - Math.Log2(needed)), 0, 15);
    }

    // Runs the float cell over the calibration sequences, time-major as the model does, and returns the largest |c|.
    private static double MaxAbsCell(SequenceModel<float> model, ReadOnlySpan<float> inputs, int count, int steps)
    {
        RecurrentCell<float> cell = model.Cell;
        int m = model.Config.InputSize;
        int n = model.Config.HiddenSize;
        ReadOnlySpan<float> parameters = model.Parameters.AsSpan(0, model.CellParameterCount);
        var x = new float[count * m];
        var h = new float[count * n];
        var c = new float[count * n];
        var hNext = new float[count * n];
        var cNext = new float[count * n];
        var cache = new float[count * cell.CacheWidth];
        double maxAbs = 0;
        for (int t = 0; t < steps; t++)
        {
            for (int b = 0; b < count; b++)
            {
                inputs.Slice(((b * steps) + t) * m, m).CopyTo(x.AsSpan(b * m, m));
            }

            cell.Forward(parameters, count, x, h, c, hNext, cNext, cache);
            foreach (float value in cNext)
            {
                maxAbs = Math.Max(maxAbs, Math.Abs(value));
            }

            (h, hNext) = (hNext, h);
            (c, cNext) = (cNext, c);
        }

        return maxAbs;
    }

    private static ReadOnlySpan<float> TensorOrEmpty(SequenceModel<float> model, string name)
    {
        foreach (TensorSpec spec in model.Tensors)
        {
            if (spec.Name == name)
            {
                return model.Parameters.AsSpan(spec.Offset, spec.Length);
            }
        }

        return [];
    }
}
