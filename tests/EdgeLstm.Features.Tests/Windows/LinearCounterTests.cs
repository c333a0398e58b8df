using EdgeLstm.Features.Windows;

namespace EdgeLstm.Features.Tests.Windows;

public sealed class LinearCounterTests
{
    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(5, 0.0)]
    [InlineData(100, 0.1)]
    [InlineData(1000, 0.15)]
    public void Estimate_DistinctValues_WithinTolerance(int distinct, double tolerance)
    {
        ulong[] sketch = new ulong[LinearCounter.Words];
        for (int repeat = 0; repeat < 3; repeat++)
        {
            for (int i = 0; i < distinct; i++)
            {
                LinearCounter.Add(sketch, LinearCounter.Hash((ulong)i * 7919));
            }
        }

        float estimate = LinearCounter.Estimate(sketch);

        Assert.InRange(estimate, distinct * (1 - tolerance), distinct * (1 + tolerance));
    }

    [Fact]
    public void Estimate_FullSketch_Saturates()
    {
        ulong[] sketch = Enumerable.Repeat(ulong.MaxValue, LinearCounter.Words).ToArray();

        Assert.Equal((float)Math.Round(512 * Math.Log(512)), LinearCounter.Estimate(sketch));
    }

    [Fact]
    public void Hash_SameInput_SameOutputAcrossCalls()
    {
        Assert.Equal(LinearCounter.Hash(42), LinearCounter.Hash(42));
        Assert.NotEqual(LinearCounter.Hash(42), LinearCounter.Hash(43));
    }
}
