using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeLstm.Model.Quantization;

/// <summary>
/// Provides the integer sigmoid and tanh: int16 Q3.12 in, int16 Q0.15 out, from one 256-interval table of the
/// logistic function with linear interpolation.
/// </summary>
/// <remarks>
/// The table holds T[k] = round(32768 · σ(k / 16)) for k = 0..256 (clamped to 32767), so it covers [0, 16) in
/// steps of 1/16: 256 intervals plus their end point. For u ≥ 0 in units of 2^-12 (u ≤ 65535),
/// σ₊(u) = T[u >> 8] + ((T[(u >> 8) + 1] − T[u >> 8]) · (u &amp; 255) + 128) >> 8, with an arithmetic shift
/// (round half up). Negative inputs use σ(−x) = 1 − σ(x): 32768 − σ₊(−x). Tanh is 2σ(2x) − 1 on the same table
/// (2x reaches 16, which is why the table spans [0, 16)), odd-symmetric, with 2|x| clamped to 65535.
/// Measured maximum errors against double math over all 65536 inputs: sigmoid 6.60e-5 (2.16 units of Q0.15), tanh
/// 1.32e-4 (4.32 units); the tests hold them.
/// </remarks>
internal static class IntegerActivations
{
    private const int TableIntervals = 256;
    private const int FractionBits = 8;

    private static readonly short[] s_sigmoidTable = CreateTable();
    private static readonly short[] s_differences = CreateDifferences(s_sigmoidTable);

    /// <summary>Gets the 257 table points T[k] = round(32768 · σ(k / 16)).</summary>
    internal static ReadOnlySpan<short> Table => s_sigmoidTable;

    /// <summary>Gets the 256 steps T[k + 1] − T[k] (all in 0..512), for vector lookups.</summary>
    internal static ReadOnlySpan<short> Differences => s_differences;

    /// <summary>Computes the logistic function of a Q3.12 value as Q0.15.</summary>
    /// <param name="x">The input, real value x / 4096.</param>
    /// <returns>The result, real value / 32768, in [1, 32767].</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static short Sigmoid(short x)
    {
        // Branch-free on the sign (gate inputs change sign at random): sign is 0 or −1, (v ^ sign) − sign is v or −v.
        int sign = x >> 15;
        int magnitude = (x ^ sign) - sign;
        int positive = PositiveSigmoid(magnitude);
        return (short)(((positive ^ sign) - sign) + (sign & 32768));
    }

    /// <summary>Computes the hyperbolic tangent of a Q3.12 value as Q0.15.</summary>
    /// <param name="x">The input, real value x / 4096.</param>
    /// <returns>The result, real value / 32768, in [−32767, 32767].</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static short Tanh(short x)
    {
        int sign = x >> 15;
        int magnitude = Math.Min(2 * ((x ^ sign) - sign), 65535);
        int positive = (2 * PositiveSigmoid(magnitude)) - 32768;
        return (short)((positive ^ sign) - sign);
    }

    // u is a non-negative value in units of 2^-12, at most 65535 (just under 16), so index + 1 ≤ 256 stays inside
    // the 257-entry table and the reads need no bounds check.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PositiveSigmoid(int u)
    {
        ref short table = ref MemoryMarshal.GetArrayDataReference(s_sigmoidTable);
        int index = u >> FractionBits;
        int fraction = u & ((1 << FractionBits) - 1);
        int low = Unsafe.Add(ref table, index);
        int high = Unsafe.Add(ref table, index + 1);
        return low + ((((high - low) * fraction) + (1 << (FractionBits - 1))) >> FractionBits);
    }

    private static short[] CreateTable()
    {
        var table = new short[TableIntervals + 1];
        for (int k = 0; k <= TableIntervals; k++)
        {
            double sigmoid = 1.0 / (1.0 + Math.Exp(-k / 16.0));
            table[k] = (short)Math.Min(Math.Round(32768.0 * sigmoid, MidpointRounding.AwayFromZero), short.MaxValue);
        }

        return table;
    }

    private static short[] CreateDifferences(short[] table)
    {
        var differences = new short[TableIntervals];
        for (int k = 0; k < TableIntervals; k++)
        {
            differences[k] = (short)(table[k + 1] - table[k]);
        }

        return differences;
    }
}
