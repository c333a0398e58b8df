using System.Numerics;

namespace EdgeLstm.Features.Windows;

/// <summary>Estimates a number of distinct values with a 512-bit linear-counting sketch (Whang et al., 1990),
/// kept in a caller-owned slice of eight words so that sketches of many hosts share one array.</summary>
/// <remarks>The estimate is exact for small counts barring hash collisions, with a standard error of about 3 % at 100 and 5 % at
/// 1,000 values, and saturates at m·ln(m) ≈ 3,194.</remarks>
internal static class LinearCounter
{
    /// <summary>The number of 64-bit words in one sketch.</summary>
    public const int Words = 8;

    private const int Bits = Words * 64;

    /// <summary>Adds a value's hash to the sketch.</summary>
    public static void Add(Span<ulong> sketch, ulong hash)
    {
        int bit = (int)(hash >> 55) & (Bits - 1);
        sketch[bit >> 6] |= 1UL << (bit & 63);
    }

    /// <summary>Returns the estimated number of distinct values added, rounded to a whole number.</summary>
    public static float Estimate(ReadOnlySpan<ulong> sketch)
    {
        int set = 0;
        foreach (ulong word in sketch)
        {
            set += BitOperations.PopCount(word);
        }

        int zeros = Bits - set;
        double estimate = zeros == 0 ? Bits * Math.Log(Bits) : Bits * Math.Log((double)Bits / zeros);
        return (float)Math.Round(estimate);
    }

    /// <summary>Hashes a 64-bit value with the SplitMix64 finaliser: fixed, so estimates are reproducible across runs.</summary>
    public static ulong Hash(ulong value)
    {
        value += 0x9E3779B97F4A7C15UL;
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }
}
