using EdgeLstm.Model.Cells;

namespace EdgeLstm.Model.Quantization;

/// <summary>
/// Quantizes a trained float model into the integer scheme of DESIGN.md, calibrated on model-space inputs (features
/// after the model's normalisation).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Input, dense and sparse int8: one asymmetric int8 scale and zero point per feature, folded into the columns
/// of the input weights (<see cref="QuantizedCellFactory"/>). Each covers 0, the feature's full calibrated range and
/// its robust range [P(f), P(1 − f)] (f = <see cref="QuantizationOptions.InputTailFraction"/>) stretched about 0 by
/// 1 + <see cref="QuantizationOptions.InputHeadroom"/>, so that traffic beyond the calibration data is not clipped at
/// once; the feature's minimum is put on the grid where that costs at most 1.25× in step. A feature constant in
/// calibration takes the widest feature's range: its weights were never trained to ignore it.</item>
/// <item>Input, FloatSD8: one scale and zero point for all features, from the robust range [P(f), P(1 − f)] of every
/// value pooled (widened to contain 0; no headroom, values beyond are clipped), as before per-feature scales: folding
/// per-feature scales into FloatSD8 weights would make them other than the trained k · 2^e, and one shared range
/// stretched to cover every feature's extremes measured worse agreement than the robust one.</item>
/// <item>Cell state: the float model is run over the calibration set; k is the largest exponent whose range
/// 2^(15 − k) still covers the largest |c| times <see cref="QuantizationOptions.CellHeadroom"/> (0 ≤ k ≤ 15).</item>
/// <item>Weights, per-row scales, multipliers and shifts, folded biases: <see cref="QuantizedCellFactory"/>.</item>
/// </list>
/// </remarks>
internal static class PostTrainingQuantizer
{
    /// <summary>The largest input headroom accepted: the range stretched 64 times leaves a quarter of a code per calibrated step.</summary>
    public const double MaxInputHeadroom = 63;


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
            ? CalibrateSharedInput(calibrationInputs, m, options.InputTailFraction)
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
        RecurrentCell<float> floatCell = model.Cell;
        QuantizedCell cell = QuantizedCellFactory.Create(
            config.Cell,
            m,
            config.HiddenSize,
            TensorOrEmpty(model, "cell.weight_ih"),
            TensorOrEmpty(model, "cell.weight_hh"),
            [.. TensorOrEmpty(model, "cell.bias"), .. TensorOrEmpty(model, "cell.bias_hh")],
            floatCell.HasPeephole ? TensorOrEmpty(model, "cell.peephole").ToArray() : null,
            inputScales,
            inputZeroPoints,
            cellExponent,
            format);
        QuantizedHead head = QuantizedCellFactory.CreateHead(
            TensorOrEmpty(model, "head.weight"), TensorOrEmpty(model, "head.bias"), config.OutputSize, config.HiddenSize, format);
        return new QuantizedSequenceModel(config, cell, head);
    }

    /// <summary>Returns one int8 scale and zero point per feature, each covering its feature's full range and its robust range stretched by 1 + headroom (and 0).</summary>
    /// <exception cref="ArgumentException">Every feature is constant.</exception>
    internal static (double[] Scales, int[] ZeroPoints) CalibrateInputs(ReadOnlySpan<float> values, int features, double tailFraction, double headroom)
    {
        int rows = values.Length / features;
        var column = new float[rows];
        var ranges = new CalibratedRange[features];
        double widest = 0;
        for (int j = 0; j < features; j++)
        {
            for (int i = 0; i < rows; i++)
            {
                column[i] = values[(i * features) + j];
            }

            ranges[j] = CalibratedRange.Of(column, tailFraction, headroom);
            widest = Math.Max(widest, ranges[j].High - ranges[j].Low);
        }

        if (widest <= 0)
        {
            throw new ArgumentException("The calibration inputs are constant in every feature: the input scales would be zero.", nameof(values));
        }

        var scales = new double[features];
        var zeroPoints = new int[features];
        for (int j = 0; j < features; j++)
        {
            CalibratedRange range = ranges[j].High - ranges[j].Low > 0 ? ranges[j] : new CalibratedRange(-widest / 2, widest / 2, 0);
            (scales[j], zeroPoints[j]) = range.ScaleAndZeroPoint();
        }

        return (scales, zeroPoints);
    }

    /// <summary>Returns one int8 scale and zero point for every feature, covering the robust range [P(f), P(1 − f)] of all values (and 0), repeated m times: the shared scheme, unchanged.</summary>
    /// <exception cref="ArgumentException">The values are constant within the robust range.</exception>
    internal static (double[] Scales, int[] ZeroPoints) CalibrateSharedInput(ReadOnlySpan<float> values, int features, double tailFraction)
    {
        float[] sorted = values.ToArray();
        Array.Sort(sorted);
        double low = Math.Min(0.0, sorted[(int)Math.Floor(tailFraction * (sorted.Length - 1))]);
        double high = Math.Max(0.0, sorted[(int)Math.Ceiling((1 - tailFraction) * (sorted.Length - 1))]);
        if (high - low <= 0)
        {
            throw new ArgumentException(
                $"The calibration inputs are constant ({sorted[0]}) within the central {1 - (2 * tailFraction):P1}: the input scale would be zero.", nameof(values));
        }

        double scale = (high - low) / 255.0;
        int zeroPoint = (int)Math.Clamp(Math.Round(sbyte.MinValue - (low / scale), MidpointRounding.AwayFromZero), sbyte.MinValue, sbyte.MaxValue);
        return (Enumerable.Repeat(scale, features).ToArray(), Enumerable.Repeat(zeroPoint, features).ToArray());
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

    // The int8 range of a feature: [Low, High] contains 0, the full calibrated range and the robust one
    // [P(f), P(1 − f)] stretched about 0 by 1 + headroom; ExactLow (the calibrated minimum) is put on the grid where
    // that costs little resolution: a count feature's minimum is its value for no packets, the value of every silent
    // window, so silence is quantized exactly.
    private readonly record struct CalibratedRange(double Low, double High, double ExactLow)
    {
        private const double MaxExactLowScaleIncrease = 1.25;

        // Sorts the values in place.
        public static CalibratedRange Of(float[] values, double tailFraction, double headroom)
        {
            Array.Sort(values);
            double robustLow = values[(int)Math.Floor(tailFraction * (values.Length - 1))];
            double robustHigh = values[(int)Math.Ceiling((1 - tailFraction) * (values.Length - 1))];
            double low = Math.Min(0.0, Math.Min(values[0], robustLow * (1 + headroom)));
            double high = Math.Max(0.0, Math.Max(values[^1], robustHigh * (1 + headroom)));
            return new CalibratedRange(low, high, Math.Min(0.0, values[0]));
        }

        public (double Scale, int ZeroPoint) ScaleAndZeroPoint()
        {
            double scale = (High - Low) / 255.0;
            int zeroPoint = (int)Math.Clamp(Math.Round(sbyte.MinValue - (Low / scale), MidpointRounding.AwayFromZero), sbyte.MinValue, sbyte.MaxValue);

            // A slightly coarser step that puts ExactLow on a code still covers [Low, High].
            double steps = Math.Floor(-ExactLow / scale);
            if (steps >= 1 && -ExactLow / steps <= MaxExactLowScaleIncrease * scale)
            {
                scale = -ExactLow / steps;
            }

            return (scale, zeroPoint);
        }
    }
}
