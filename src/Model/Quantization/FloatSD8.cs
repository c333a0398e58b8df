namespace EdgeLstm.Model.Quantization;

/// <summary>
/// Encodes and decodes FloatSD8 weights: <c>w = (4·m1 + m2) · 2^(e − offset)</c> with m1 ∈ {0, ±1, ±2, ±4},
/// m2 ∈ {0, ±1, ±2}, e ∈ 0..7 and an integer offset per tensor.
/// </summary>
/// <remarks>
/// Code layout (one byte): bit 7 is the sign, bits 6..3 index the magnitude |4·m1 + m2| in
/// {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 17, 18}, bits 2..0 are e. With the sign these are exactly the 31
/// distinct signed mantissas (the 35 digit pairs have four duplicates); the sign bit on magnitude 0 is a second
/// zero, so every one of the 256 codes is valid. A code decodes exactly to the integer k · 2^e with |k| ≤ 18, at
/// most 2304 in magnitude (int16); the real weight is that integer times 2^−offset.
/// </remarks>
internal static class FloatSD8
{
    /// <summary>The largest magnitude of a decoded integer weight, 18 · 2^7.</summary>
    public const int MaxDecodedMagnitude = 2304;

    private static readonly int[] s_magnitudes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 17, 18];

    // The digits (m1, m2) of each magnitude, m1 ∈ {0, 1, 2, 4}, m2 ∈ {0, ±1, ±2}.
    private static readonly (int M1, int M2)[] s_digits =
        [(0, 0), (0, 1), (0, 2), (1, -1), (1, 0), (1, 1), (1, 2), (2, -1), (2, 0), (2, 1), (2, 2), (4, -2), (4, -1), (4, 0), (4, 1), (4, 2)];

    private static readonly (int[] Values, byte[] Codes) s_nonNegative = CreateNonNegativeIndex();

    /// <summary>Returns the signed mantissa 4·m1 + m2 of a code.</summary>
    public static int Mantissa(byte code) => (code & 0x80) != 0 ? -s_magnitudes[(code >> 3) & 0xF] : s_magnitudes[(code >> 3) & 0xF];

    /// <summary>Returns the exponent e (0..7) of a code.</summary>
    public static int Exponent(byte code) => code & 0x7;

    /// <summary>Returns the signed digits (m1, m2) of a code.</summary>
    public static (int M1, int M2) Digits(byte code)
    {
        (int m1, int m2) = s_digits[(code >> 3) & 0xF];
        return (code & 0x80) != 0 ? (-m1, -m2) : (m1, m2);
    }

    /// <summary>Decodes a code exactly to the integer (4·m1 + m2) · 2^e.</summary>
    public static short DecodeInteger(byte code) => (short)(Mantissa(code) << Exponent(code));

    /// <summary>Decodes a code to its real value (4·m1 + m2) · 2^(e − offset).</summary>
    public static double ToReal(byte code, int offset) => Math.ScaleB(DecodeInteger(code), -offset);

    /// <summary>Chooses the tensor offset that makes the largest magnitude fit the largest code.</summary>
    /// <param name="maxAbs">The largest |w| of the tensor, finite and non-negative.</param>
    /// <returns>The largest offset with maxAbs ≤ 2304 · 2^−offset (0 for an all-zero tensor).</returns>
    public static int ChooseOffset(double maxAbs)
    {
        if (!double.IsFinite(maxAbs) || maxAbs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxAbs), maxAbs, "The magnitude must be finite and non-negative.");
        }

        return maxAbs == 0 ? 0 : (int)Math.Floor(Math.Log2(MaxDecodedMagnitude / maxAbs));
    }

    /// <summary>Encodes a real weight as the code of the nearest FloatSD8 value (ties to the smaller magnitude), clamping beyond the range.</summary>
    /// <param name="value">The weight, finite.</param>
    /// <param name="offset">The tensor offset.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or infinite.</exception>
    public static byte Encode(double value, int offset)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A FloatSD8 weight must be finite.");
        }

        double target = Math.Abs(Math.ScaleB(value, offset));
        int[] values = s_nonNegative.Values;
        int index = Array.BinarySearch(values, (int)Math.Min(Math.Floor(target), MaxDecodedMagnitude));
        if (index < 0)
        {
            index = ~index - 1;
        }

        if (index + 1 < values.Length && values[index + 1] - target < target - values[index])
        {
            index++;
        }

        byte code = s_nonNegative.Codes[index];
        return value < 0 && values[index] != 0 ? (byte)(code | 0x80) : code;
    }

    private static (int[] Values, byte[] Codes) CreateNonNegativeIndex()
    {
        var codeOf = new SortedDictionary<int, byte>();
        for (int code = 0; code < 0x80; code++)
        {
            codeOf.TryAdd(DecodeInteger((byte)code), (byte)code);
        }

        return ([.. codeOf.Keys], [.. codeOf.Values]);
    }
}
