using EdgeLstm.Model.LowPrecision;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Model.Tests.LowPrecision;

public sealed class FloatSD8QuantizerTests
{
    private static readonly int[] s_m1 = [0, 1, -1, 2, -2, 4, -4];
    private static readonly int[] s_m2 = [0, 1, -1, 2, -2];

    // Every value w = (4·m1 + m2) · 2^(e − offset) of the formula, built from the digits rather than from the codec.
    private static double[] Grid(int offset) =>
        [.. s_m1.SelectMany(m1 => s_m2.SelectMany(m2 => Enumerable.Range(0, 8).Select(e => ((4 * m1) + m2) * Math.Pow(2, e - offset)))).Distinct().Order()];

    [Theory]
    [InlineData(-3)]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(12)]
    public void Decode_All256Codes_EqualFormulaAndCoverTheGrid(int offset)
    {
        double[] grid = Grid(offset);
        var decoded = new HashSet<double>();
        for (int code = 0; code < 256; code++)
        {
            (int m1, int m2) = FloatSD8.Digits((byte)code);
            double value = FloatSD8.ToReal((byte)code, offset);
            Assert.Equal(((4 * m1) + m2) * Math.Pow(2, FloatSD8.Exponent((byte)code) - offset), value);
            decoded.Add(value);
        }

        Assert.True(decoded.SetEquals(grid));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(-2)]
    public void Quantize_GridValue_ReturnsItUnchanged(int offset)
    {
        foreach (double value in Grid(offset))
        {
            Assert.Equal((float)value, FloatSD8Quantizer.Quantize((float)value, offset));
        }
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(8, 2)]
    [InlineData(11, 3)]
    public void Quantize_SeededValues_ReturnsNearestGridValue(int offset, int seed)
    {
        double[] grid = Grid(offset);
        double limit = grid[^1] * 1.3;
        var random = new Random(seed);
        for (int i = 0; i < 20_000; i++)
        {
            float value = (float)(((random.NextDouble() * 2) - 1) * limit);
            double bruteForce = grid.MinBy(g => (Math.Abs(g - value), Math.Abs(g)));

            Assert.Equal((float)bruteForce, FloatSD8Quantizer.Quantize(value, offset));
        }
    }

    [Fact]
    public void QuantizeTensor_SeededTensor_UsesRangeOffsetAndNearestValues()
    {
        var random = new Random(4);
        float[] source = [.. Enumerable.Range(0, 300).Select(_ => (float)((random.NextDouble() - 0.5) * 0.4))];
        var destination = new float[source.Length];

        int offset = FloatSD8Quantizer.QuantizeTensor(source, destination);

        Assert.Equal(FloatSD8.ChooseOffset(source.Max(Math.Abs)), offset);
        double[] grid = Grid(offset);
        for (int i = 0; i < source.Length; i++)
        {
            Assert.Equal((float)grid.MinBy(g => (Math.Abs(g - source[i]), Math.Abs(g))), destination[i]);
        }
    }

    [Fact]
    public void TryEncodeExact_QuantizedTensors_RoundTripExactly()
    {
        var random = new Random(5);
        for (int trial = 0; trial < 200; trial++)
        {
            double scale = Math.Pow(2, random.Next(-12, 6));
            float[] values = [.. Enumerable.Range(0, 64).Select(_ => (float)((random.NextDouble() - 0.5) * scale))];
            FloatSD8Quantizer.QuantizeTensor(values, values);
            var codes = new byte[values.Length];

            Assert.True(FloatSD8Quantizer.TryEncodeExact(values, codes, out int offset));
            for (int i = 0; i < values.Length; i++)
            {
                Assert.Equal(values[i], (float)FloatSD8.ToReal(codes[i], offset));
            }
        }
    }

    [Fact]
    public void TryEncodeExact_OffGridValue_ReturnsFalse()
    {
        Assert.False(FloatSD8Quantizer.TryEncodeExact([1f, 0.123456f], new byte[2], out _));
    }

    [Fact]
    public void MaxAbs_NonFinite_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FloatSD8Quantizer.MaxAbs([1f, float.NaN]));
    }
}
