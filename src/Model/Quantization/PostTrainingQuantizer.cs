using EdgeLstm.Model.Cells;

namespace EdgeLstm.Model.Quantization;

/// <summary>
/// Quantizes a trained float model into the integer scheme of DESIGN.md, calibrated on model-space inputs (features
/// after the model's normalisation).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Input: one asymmetric int8 scale and zero point for all features, from the robust range
/// [P(f), P(1 − f)] of every calibration value (f = <see cref="QuantizationOptions.InputTailFraction"/>), widened to
/// contain 0 so that 0 is exact.</item>
/// <item>Cell state: the float model is run over the calibration set; k is the largest exponent whose range
/// 2^(15 − k) still covers the largest |c| times <see cref="QuantizationOptions.CellHeadroom"/> (0 ≤ k ≤ 15).</item>
/// <item>Weights, per-row scales, multipliers and shifts, folded biases: <see cref="QuantizedCellFactory"/>.</item>
/// </list>
/// </remarks>
internal static class PostTrainingQuantizer
{
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
        if (options.InputTailFraction is < 0 or >= 0.5 || !(options.CellHeadroom >= 1))
        {
            throw new ArgumentException("InputTailFraction must be in [0, 0.5) and CellHeadroom at least 1.", nameof(options));
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

        (double inputScale, int inputZeroPoint) = CalibrateInput(calibrationInputs, options.InputTailFraction);
        int cellExponent = CellExponent(MaxAbsCell(model, calibrationInputs, count, steps), options.CellHeadroom);

        return Build(model, inputScale, inputZeroPoint, cellExponent, options.Format);
    }

    /// <summary>Builds the integer model from the float weights and calibrated values; the same inputs always give the same integer model.</summary>
    /// <param name="model">The float model.</param>
    /// <param name="inputScale">The input scale s_x.</param>
    /// <param name="inputZeroPoint">The input zero point z_x.</param>
    /// <param name="cellExponent">The cell-state exponent k.</param>
    /// <param name="format">The weight format.</param>
    /// <returns>The integer model.</returns>
    public static QuantizedSequenceModel Build(SequenceModel<float> model, double inputScale, int inputZeroPoint, int cellExponent, WeightFormat format)
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
            inputScale,
            inputZeroPoint,
            cellExponent,
            format);
        QuantizedHead head = QuantizedCellFactory.CreateHead(
            TensorOrEmpty(model, "head.weight"), TensorOrEmpty(model, "head.bias"), config.OutputSize, config.HiddenSize, format);
        return new QuantizedSequenceModel(config, cell, head);
    }

    /// <summary>Returns the int8 scale and zero point covering the robust range of the values (and 0).</summary>
    internal static (double Scale, int ZeroPoint) CalibrateInput(ReadOnlySpan<float> values, double tailFraction)
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
