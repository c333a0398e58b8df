using EdgeLstm.Model.Kernels;

namespace EdgeLstm.Model.Tests.Kernels;

[Trait("Category", "Kernels")]
public sealed class CellUpdateKernelsTests
{
    [Fact]
    public void UpdateCell_RandomAndExtremeValues_EqualsReferenceForEveryExponent()
    {
        var random = new Random(31);
        foreach (int n in new[] { 1, 7, 8, 9, 16, 63, 64, 65, 257 })
        {
            for (int k = 0; k <= 15; k++)
            {
                for (int pattern = 0; pattern < 4; pattern++)
                {
                    short[] i = Values(random, n, pattern);
                    short[] f = Values(random, n, pattern + 1);
                    short[] g = Values(random, n, pattern + 2);
                    short[] c = Values(random, n, pattern + 3);
                    short[] expectedCell = [.. c];
                    var expectedTanh = new short[n];
                    short[] actualCell = [.. c];
                    var actualTanh = new short[n];
                    CellUpdateKernels.UpdateCellReference(i, f, g, expectedCell, expectedTanh, k);
                    CellUpdateKernels.UpdateCell(i, f, g, actualCell, actualTanh, k);
                    SequenceAssert.Equal(expectedCell, actualCell, $"cell state differs at n {n}, k {k}, pattern {pattern}");
                    SequenceAssert.Equal(expectedTanh, actualTanh, $"tanh argument differs at n {n}, k {k}, pattern {pattern}");
                }
            }
        }
    }

    [Fact]
    public void Hidden_RandomAndExtremeValues_EqualsReference()
    {
        var random = new Random(32);
        foreach (int n in new[] { 1, 15, 16, 17, 64, 100, 257 })
        {
            for (int pattern = 0; pattern < 4; pattern++)
            {
                short[] o = Values(random, n, pattern);
                short[] t = Values(random, n, pattern + 1);
                var expected = new sbyte[n];
                var actual = new sbyte[n];
                CellUpdateKernels.HiddenReference(o, t, expected);
                CellUpdateKernels.Hidden(o, t, actual);
                SequenceAssert.Equal(expected, actual, $"hidden differs at n {n}, pattern {pattern}");
            }
        }
    }

    [Fact]
    public void UpdateCell_SaturatesAtTheInt16Limits()
    {
        // i = g = f = c = 32767 with k = 15: kept 32766 and added 32766 saturate their sum to 32767.
        short[] max = [.. Enumerable.Repeat(short.MaxValue, 8)];
        short[] cell = [.. max];
        var tanh = new short[8];
        CellUpdateKernels.UpdateCell(max, max, max, cell, tanh, 15);
        Assert.All(cell, value => Assert.Equal(short.MaxValue, value));
        Assert.All(tanh, value => Assert.Equal(4096, value));
    }

    // Pattern 0: uniform random; 1: all −32768; 2: all 32767; 3: alternating extremes and values near rounding ties.
    private static short[] Values(Random random, int n, int pattern) => [.. Enumerable.Range(0, n).Select(index => (pattern % 4) switch
    {
        0 => (short)random.Next(short.MinValue, short.MaxValue + 1),
        1 => short.MinValue,
        2 => short.MaxValue,
        _ => index % 3 == 0 ? short.MinValue : index % 3 == 1 ? short.MaxValue : (short)(random.Next(-4, 5) * 2048),
    })];
}
