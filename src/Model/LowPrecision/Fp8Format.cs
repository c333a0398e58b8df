namespace EdgeLstm.Model.LowPrecision;

/// <summary>Describes an 8-bit float format of the OCP FP8 specification (E4M3 or E5M2) and rounds to it.</summary>
/// <remarks>
/// Rounding is to nearest, ties to even, and saturating: a finite value beyond the largest finite one becomes that
/// value (OCP's "SAT" conversion). E4M3 has no infinities and one NaN mantissa (S.1111.111), so its largest value
/// is 448; E5M2 follows IEEE 754 (S.11111.00 is infinity), so its largest value is 57344. Subnormals are kept.
/// </remarks>
internal sealed class Fp8Format
{
    private Fp8Format(string name, int exponentBits, int mantissaBits, bool ieeeSpecials)
    {
        Name = name;
        ExponentBits = exponentBits;
        MantissaBits = mantissaBits;
        Bias = (1 << (exponentBits - 1)) - 1;
        IeeeSpecials = ieeeSpecials;
        MinExponent = 1 - Bias;

        // The largest finite code: E5M2 gives up its top exponent to infinities and NaNs, E4M3 only S.1111.111 to NaN.
        int top = ieeeSpecials
            ? (((1 << exponentBits) - 2) << mantissaBits) | ((1 << mantissaBits) - 1)
            : (((1 << exponentBits) - 1) << mantissaBits) | ((1 << mantissaBits) - 2);
        MaxFinite = Decode((byte)top);
    }

    /// <summary>Gets the format of activations: 4 exponent bits, 3 mantissa bits, bias 7, largest value 448.</summary>
    public static Fp8Format E4M3 { get; } = new("E4M3", 4, 3, ieeeSpecials: false);

    /// <summary>Gets the format of gradients: 5 exponent bits, 2 mantissa bits, bias 15, largest value 57344.</summary>
    public static Fp8Format E5M2 { get; } = new("E5M2", 5, 2, ieeeSpecials: true);

    /// <summary>Gets the name of the format.</summary>
    public string Name { get; }

    /// <summary>Gets the number of exponent bits.</summary>
    public int ExponentBits { get; }

    /// <summary>Gets the number of mantissa bits.</summary>
    public int MantissaBits { get; }

    /// <summary>Gets the exponent bias.</summary>
    public int Bias { get; }

    /// <summary>Gets the largest finite value.</summary>
    public float MaxFinite { get; }

    /// <summary>Gets the exponent of the smallest normal value (subnormals share it).</summary>
    public int MinExponent { get; }

    private bool IeeeSpecials { get; }

    /// <summary>Decodes a code: a finite value, ±infinity (E5M2 only) or NaN.</summary>
    public float Decode(byte code)
    {
        int mantissaMask = (1 << MantissaBits) - 1;
        int exponentMask = (1 << ExponentBits) - 1;
        bool negative = (code & 0x80) != 0;
        int exponent = (code >> MantissaBits) & exponentMask;
        int mantissa = code & mantissaMask;
        float value;
        if (IeeeSpecials && exponent == exponentMask)
        {
            value = mantissa == 0 ? float.PositiveInfinity : float.NaN;
        }
        else if (!IeeeSpecials && exponent == exponentMask && mantissa == mantissaMask)
        {
            value = float.NaN;
        }
        else if (exponent == 0)
        {
            value = MathF.ScaleB(mantissa, MinExponent - MantissaBits);
        }
        else
        {
            value = MathF.ScaleB((1 << MantissaBits) + mantissa, exponent - Bias - MantissaBits);
        }

        return negative ? -value : value;
    }

    /// <summary>Rounds a value to the nearest value of the format, ties to even, saturating at ±<see cref="MaxFinite"/>.</summary>
    /// <remarks>NaN stays NaN; infinities saturate too.</remarks>
    public float Round(float value)
    {
        if (float.IsNaN(value))
        {
            return value;
        }

        float magnitude = Math.Abs(value);
        if (magnitude >= MaxFinite)
        {
            return MathF.CopySign(MaxFinite, value);
        }

        if (magnitude == 0)
        {
            return value;
        }

        // One quantum is 2^(e − M) in the binade of the value, fixed at the subnormal spacing below the normal range.
        int exponent = Math.Max(MathF.ILogB(magnitude), MinExponent);
        int quantum = exponent - MantissaBits;
        float rounded = MathF.ScaleB(MathF.Round(MathF.ScaleB(magnitude, -quantum), MidpointRounding.ToEven), quantum);
        return MathF.CopySign(Math.Min(rounded, MaxFinite), value);
    }

    /// <summary>Returns the power-of-two exponent k that brings the largest magnitude of a tensor into the top binade: maxAbs · 2^k ≤ <see cref="MaxFinite"/>.</summary>
    /// <returns>The exponent, or 0 for a tensor of zeros (or of non-finite values only).</returns>
    public int ChooseScaleExponent(float maxAbs)
    {
        if (!(maxAbs > 0) || !float.IsFinite(maxAbs))
        {
            return 0;
        }

        int k = MathF.ILogB(MaxFinite) - MathF.ILogB(maxAbs);
        return MathF.ScaleB(maxAbs, k) > MaxFinite ? k - 1 : k;
    }

    /// <summary>Rounds a tensor in place to the format under one power-of-two scale chosen from the tensor's range.</summary>
    /// <remarks>This method effectively computes v ← Round(v · 2^k) · 2^−k with k = <see cref="ChooseScaleExponent"/>(max |v|).</remarks>
    public void RoundTensor(Span<float> values)
    {
        float maxAbs = 0;
        foreach (float value in values)
        {
            maxAbs = Math.Max(maxAbs, Math.Abs(value));
        }

        int k = ChooseScaleExponent(maxAbs);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = MathF.ScaleB(Round(MathF.ScaleB(values[i], k)), -k);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
