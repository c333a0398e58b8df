using EdgeLstm.Model.LowPrecision;

namespace EdgeLstm.Model.Tests.LowPrecision;

public sealed class Fp8FormatTests
{
    public static TheoryData<string> Formats => new() { "E4M3", "E5M2" };

    private static Fp8Format Format(string name) => name == "E4M3" ? Fp8Format.E4M3 : Fp8Format.E5M2;

    // Brute force: the finite code nearest to the value; on a tie, the one with an even mantissa (its lowest bit 0).
    private static float Nearest(Fp8Format format, float value)
    {
        float best = float.NaN;
        double bestDistance = double.PositiveInfinity;
        bool bestEven = false;
        for (int code = 0; code < 256; code++)
        {
            float candidate = format.Decode((byte)code);
            if (!float.IsFinite(candidate))
            {
                continue;
            }

            double distance = Math.Abs((double)candidate - value);
            bool even = (code & 1) == 0;
            if (distance < bestDistance || (distance == bestDistance && even && !bestEven))
            {
                (best, bestDistance, bestEven) = (candidate, distance, even);
            }
        }

        return best;
    }

    [Theory]
    [InlineData("E4M3", 448f, 7, 0.015625f / 8)]
    [InlineData("E5M2", 57344f, 15, 0.00006103515625f / 4)]
    public void Decode_AllCodes_MatchTheOcpTable(string name, float max, int bias, float smallestSubnormal)
    {
        Fp8Format format = Format(name);
        float[] finite = [.. Enumerable.Range(0, 256).Select(c => format.Decode((byte)c)).Where(float.IsFinite)];

        Assert.Equal(bias, format.Bias);
        Assert.Equal(max, format.MaxFinite);
        Assert.Equal(max, finite.Max());
        Assert.Equal(smallestSubnormal, finite.Where(v => v > 0).Min());
        Assert.Equal(name == "E4M3" ? 254 : 248, finite.Length);
        Assert.Equal(name == "E4M3" ? 0 : 2, Enumerable.Range(0, 256).Count(c => float.IsInfinity(format.Decode((byte)c))));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Round_EveryCodeAndEveryMidpoint_MatchesBruteForce(string name)
    {
        Fp8Format format = Format(name);
        float[] values = [.. Enumerable.Range(0, 256).Select(c => format.Decode((byte)c)).Where(float.IsFinite).Distinct().Order()];
        foreach (float value in values)
        {
            Assert.Equal(value, format.Round(value));
        }

        for (int i = 0; i + 1 < values.Length; i++)
        {
            float midpoint = (values[i] + values[i + 1]) / 2;
            Assert.Equal(Nearest(format, midpoint), format.Round(midpoint));
            Assert.Equal(Nearest(format, MathF.BitDecrement(midpoint)), format.Round(MathF.BitDecrement(midpoint)));
            Assert.Equal(Nearest(format, MathF.BitIncrement(midpoint)), format.Round(MathF.BitIncrement(midpoint)));
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Round_SeededValues_MatchesBruteForce(string name)
    {
        Fp8Format format = Format(name);
        var random = new Random(name.Length + 17);
        for (int i = 0; i < 20_000; i++)
        {
            // Log-uniform magnitudes from below the subnormals to beyond the largest value, both signs.
            float value = (float)(Math.Pow(2, (random.NextDouble() * 40) - 24) * (random.Next(2) == 0 ? -1 : 1)) * (name == "E5M2" ? 8 : 1);
            Assert.Equal(Nearest(format, value), format.Round(value));
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Round_BeyondRangeOrInfinite_Saturates(string name)
    {
        Fp8Format format = Format(name);

        Assert.Equal(format.MaxFinite, format.Round(format.MaxFinite * 1.07f));
        Assert.Equal(-format.MaxFinite, format.Round(float.NegativeInfinity));
        Assert.True(float.IsNaN(format.Round(float.NaN)));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void RoundTensor_SeededTensor_ScalesTopIntoRangeAndRoundsEachValue(string name)
    {
        Fp8Format format = Format(name);
        var random = new Random(3);
        float[] values = [.. Enumerable.Range(0, 500).Select(_ => (float)((random.NextDouble() - 0.5) * 0.03))];
        float[] rounded = (float[])values.Clone();

        format.RoundTensor(rounded);

        int k = format.ChooseScaleExponent(values.Max(Math.Abs));
        Assert.InRange(MathF.ScaleB(values.Max(Math.Abs), k), format.MaxFinite / 2, format.MaxFinite);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(MathF.ScaleB(Nearest(format, MathF.ScaleB(values[i], k)), -k), rounded[i]);
        }
    }

    [Fact]
    public void ChooseScaleExponent_ZeroTensor_ReturnsZero()
    {
        Assert.Equal(0, Fp8Format.E4M3.ChooseScaleExponent(0));
    }
}
