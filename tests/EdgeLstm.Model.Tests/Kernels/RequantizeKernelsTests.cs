using System.Runtime.Intrinsics.X86;
using EdgeLstm.Model.Kernels;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Model.Tests.Kernels;

[Trait("Category", "Kernels")]
public sealed class RequantizeKernelsTests
{
    [Theory]
    [InlineData(-12)]
    [InlineData(-3)]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(-31)]
    public void ToQ312Vectors_RandomAccumulators_EqualReference(int shift)
    {
        var random = new Random(60 + shift);
        for (int length = 0; length <= 100; length++)
        {
            int[] accumulators = [.. Enumerable.Range(0, length).Select(i => i % 7 == 0 ? Extreme(i) : random.Next(-(1 << 22), 1 << 22))];
            int[] multipliers = [.. Enumerable.Range(0, length).Select(i => i % 5 == 0 ? random.Next(0, 1 << 20) : random.Next(1 << 30, int.MaxValue))];
            short[] initial = [.. Enumerable.Range(0, length).Select(_ => (short)random.Next(short.MinValue, short.MaxValue + 1))];
            foreach (bool accumulate in new[] { false, true })
            {
                short[] expected = [.. initial];
                short[] actual128 = [.. initial];
                short[] actual512 = [.. initial];

                RequantizeKernels.ToQ312Reference(accumulators, multipliers, shift, expected, accumulate);
                RequantizeKernels.ToQ312Vector128(accumulators, multipliers, shift, actual128, accumulate);
                Assert.Equal(expected, actual128);

                if (Avx2.IsSupported)
                {
                    short[] actual256 = [.. initial];
                    RequantizeKernels.ToQ312Vector256(accumulators, multipliers, shift, actual256, accumulate);
                    Assert.Equal(expected, actual256);
                }

                // The 512-bit path multiplies with VPMULDQ, so it runs only where AVX-512F does.
                if (Avx512F.IsSupported)
                {
                    RequantizeKernels.ToQ312Vector512(accumulators, multipliers, shift, actual512, accumulate);
                    Assert.Equal(expected, actual512);
                }
            }
        }
    }

    [Fact]
    public void ToQ312Reference_KnownRow_EqualsFixedPointDefinition()
    {
        var destination = new short[] { 100 };

        RequantizeKernels.ToQ312Reference([1000], [1 << 30], -2, destination, accumulate: true);

        // 1000 · 2^30 · 2^-31 = 500, divided by 2^2 = 125, plus 100.
        Assert.Equal(225, destination[0]);
        Assert.Equal(125, FixedPoint.MultiplyByQuantizedMultiplier(1000, 1 << 30, -2));
    }

    [Fact]
    public void ToQ312_MismatchedLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() => RequantizeKernels.ToQ312(new int[3], new int[2], 0, new short[3], accumulate: false));
        Assert.Throws<ArgumentException>(() => RequantizeKernels.ToQ312(new int[3], new int[3], 0, new short[2], accumulate: false));
    }

    [Theory]
    [InlineData(-12, -3)]
    [InlineData(0, -31)]
    [InlineData(2, -12)]
    [InlineData(-5, 1)]
    public void ToQ312Sum_RandomAccumulators_EqualsStoreThenAccumulate(int inputShift, int recurrentShift)
    {
        var random = new Random(90 + inputShift - recurrentShift);
        for (int length = 0; length <= 100; length++)
        {
            int[] input = Accumulators(random, length);
            int[] recurrent = Accumulators(random, length);
            int[] inputMultipliers = Multipliers(random, length);
            int[] recurrentMultipliers = Multipliers(random, length);
            var expected = new short[length];
            RequantizeKernels.ToQ312Reference(input, inputMultipliers, inputShift, expected, accumulate: false);
            RequantizeKernels.ToQ312Reference(recurrent, recurrentMultipliers, recurrentShift, expected, accumulate: true);

            var actual = new short[length];
            RequantizeKernels.ToQ312Sum(new(input, inputMultipliers, inputShift), new(recurrent, recurrentMultipliers, recurrentShift), actual);
            Assert.Equal(expected, actual);

            // Each vector path on its own: the rows it did must match, the rest it must leave.
            var vector128 = new short[length];
            int done = RequantizeKernels.ToQ312SumVector128(new(input, inputMultipliers, inputShift), new(recurrent, recurrentMultipliers, recurrentShift), vector128);
            Assert.Equal(length - (length % 8), done);
            Assert.Equal(expected[..done], vector128[..done]);
            if (Avx2.IsSupported)
            {
                var vector256 = new short[length];
                done = RequantizeKernels.ToQ312SumVector256(new(input, inputMultipliers, inputShift), new(recurrent, recurrentMultipliers, recurrentShift), vector256);
                Assert.Equal(length - (length % 16), done);
                Assert.Equal(expected[..done], vector256[..done]);
            }

            if (Avx512F.IsSupported)
            {
                var vector512 = new short[length];
                done = RequantizeKernels.ToQ312SumVector512(new(input, inputMultipliers, inputShift), new(recurrent, recurrentMultipliers, recurrentShift), vector512);
                Assert.Equal(length - (length % 32), done);
                Assert.Equal(expected[..done], vector512[..done]);
            }
        }
    }

    [Fact]
    public void ToQ312Sum_MismatchedLengths_Throws()
    {
        int[] four = [1, 2, 3, 4];
        Assert.Throws<ArgumentException>(() => RequantizeKernels.ToQ312Sum(new(four, four, 0), new(four, [1, 2, 3], 0), new short[4]));
        Assert.Throws<ArgumentException>(() => RequantizeKernels.ToQ312Sum(new(four, four, 0), new(four, four, 0), new short[3]));
    }

    private static int[] Accumulators(Random random, int length) =>
        [.. Enumerable.Range(0, length).Select(i => i % 7 == 0 ? Extreme(i) : random.Next(-(1 << 22), 1 << 22))];

    private static int[] Multipliers(Random random, int length) =>
        [.. Enumerable.Range(0, length).Select(i => i % 5 == 0 ? random.Next(0, 1 << 20) : random.Next(1 << 30, int.MaxValue))];

    private static int Extreme(int i) => (i / 7 % 4) switch
    {
        0 => int.MinValue,
        1 => int.MaxValue,
        2 => -1,
        _ => 0,
    };
}
