using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Model.Tests.Quantization;

[Trait("Category", "Kernels")]
public sealed class FloatSD8Tests
{
    private static readonly int[] s_m1 = [0, 1, -1, 2, -2, 4, -4];
    private static readonly int[] s_m2 = [0, 1, -1, 2, -2];

    [Fact]
    public void Decode_EveryCode_EqualsFormulaValue()
    {
        for (int code = 0; code < 256; code++)
        {
            (int m1, int m2) = FloatSD8.Digits((byte)code);
            int e = FloatSD8.Exponent((byte)code);

            Assert.Contains(m1, s_m1);
            Assert.Contains(m2, s_m2);
            Assert.Equal(code & 7, e);
            Assert.Equal((4 * m1) + m2, FloatSD8.Mantissa((byte)code));
            Assert.Equal(((4 * m1) + m2) * (1 << e), FloatSD8.DecodeInteger((byte)code));
            Assert.Equal(((4 * m1) + m2) * Math.Pow(2, e - 5), FloatSD8.ToReal((byte)code, 5));
        }
    }

    [Fact]
    public void Mantissa_AllCodes_CoverExactlyTheThirtyOneSignedMantissas()
    {
        HashSet<int> formula = [.. s_m1.SelectMany(m1 => s_m2.Select(m2 => (4 * m1) + m2))];
        HashSet<int> decoded = [.. Enumerable.Range(0, 256).Select(code => FloatSD8.Mantissa((byte)code))];

        Assert.Equal(31, formula.Count);
        Assert.True(formula.SetEquals(decoded));
    }

    [Fact]
    public void Encode_EveryCodeValue_RoundTripsToTheSameValue()
    {
        for (int code = 0; code < 256; code++)
        {
            double value = FloatSD8.ToReal((byte)code, 4);
            Assert.Equal(value, FloatSD8.ToReal(FloatSD8.Encode(value, 4), 4));
        }
    }

    [Fact]
    public void Encode_RandomValues_ReturnsNearestRepresentableValue()
    {
        double[] representable = [.. Enumerable.Range(0, 256).Select(code => FloatSD8.ToReal((byte)code, 6)).Distinct()];
        var random = new Random(21);
        for (int i = 0; i < 5000; i++)
        {
            double value = (random.NextDouble() - 0.5) * 80;
            double nearest = representable.Min(r => Math.Abs(r - value));

            Assert.Equal(nearest, Math.Abs(FloatSD8.ToReal(FloatSD8.Encode(value, 6), 6) - value), 12);
        }
    }

    [Fact]
    public void ChooseOffset_LargestWeight_FitsTheLargestCode()
    {
        int offset = FloatSD8.ChooseOffset(0.37);

        Assert.True(FloatSD8.MaxDecodedMagnitude * Math.Pow(2, -offset) >= 0.37);
        Assert.True(FloatSD8.MaxDecodedMagnitude * Math.Pow(2, -offset - 1) < 0.37);
    }

    [Fact]
    public void Encode_NaN_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FloatSD8.Encode(double.NaN, 0));
    }
}
