using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Model.LowPrecision;

/// <summary>Rounds float tensors to the FloatSD8 grid of <see cref="FloatSD8"/>, one exponent offset per tensor.</summary>
/// <remarks>
/// The offset is chosen from the tensor's current range on every call (<see cref="FloatSD8.ChooseOffset"/>), so it
/// moves exactly when the largest magnitude drifts across a power of two and stays put otherwise.
/// </remarks>
internal static class FloatSD8Quantizer
{
    /// <summary>Returns the offset that makes the largest magnitude of <paramref name="values"/> fit the largest code.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN or infinite.</exception>
    public static int ChooseOffset(ReadOnlySpan<float> values) => FloatSD8.ChooseOffset(MaxAbs(values));

    /// <summary>Returns the FloatSD8 value nearest to <paramref name="value"/> at the given offset (ties to the smaller magnitude, saturating).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or infinite.</exception>
    public static float Quantize(float value, int offset) => (float)FloatSD8.ToReal(FloatSD8.Encode(value, offset), offset);

    /// <summary>Rounds every value to the nearest FloatSD8 value under one offset chosen from the source's range.</summary>
    /// <param name="source">The values, finite.</param>
    /// <param name="destination">Receives the rounded values; may be the source itself.</param>
    /// <returns>The offset used.</returns>
    /// <exception cref="ArgumentException">The destination is shorter than the source.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN or infinite.</exception>
    public static int QuantizeTensor(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException($"The destination has room for {destination.Length} values but the source has {source.Length}.", nameof(destination));
        }

        int offset = ChooseOffset(source);
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = Quantize(source[i], offset);
        }

        return offset;
    }

    /// <summary>Encodes values that already lie on the FloatSD8 grid, finding the offset under which every one is exact.</summary>
    /// <param name="values">The values.</param>
    /// <param name="codes">Receives one code per value.</param>
    /// <param name="offset">Receives the offset of the codes.</param>
    /// <returns><see langword="false"/> when no offset represents every value exactly.</returns>
    /// <remarks>
    /// A tensor quantised under offset o may have a largest magnitude that, rounded, asks for o + 1 (the grid is not
    /// nested across offsets: 6·2^7 at offset o is 12·2^7 at o + 1, and 12 is no mantissa), so a few offsets below
    /// the one the range suggests are tried too.
    /// </remarks>
    public static bool TryEncodeExact(ReadOnlySpan<float> values, Span<byte> codes, out int offset)
    {
        int preferred = ChooseOffset(values);
        for (offset = preferred; offset >= preferred - 3; offset--)
        {
            if (TryEncodeAt(values, codes, offset))
            {
                return true;
            }
        }

        offset = 0;
        return false;
    }

    /// <summary>Returns the largest magnitude of the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN or infinite.</exception>
    public static float MaxAbs(ReadOnlySpan<float> values)
    {
        float max = 0;
        foreach (float value in values)
        {
            if (!float.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(nameof(values), value, "A FloatSD8 tensor must hold finite values only.");
            }

            max = Math.Max(max, Math.Abs(value));
        }

        return max;
    }

    private static bool TryEncodeAt(ReadOnlySpan<float> values, Span<byte> codes, int offset)
    {
        for (int i = 0; i < values.Length; i++)
        {
            byte code = FloatSD8.Encode(values[i], offset);
            if (FloatSD8.ToReal(code, offset) != values[i])
            {
                return false;
            }

            codes[i] = code;
        }

        return true;
    }
}
