using EdgeLstm.EdgeAgent.Detection;

namespace EdgeLstm.EdgeAgent.Tests.Detection;

public sealed class ScoreReservoirTests
{
    [Fact]
    public void Add_FewerThanCapacity_KeepsEveryScoreInOrder()
    {
        var reservoir = new ScoreReservoir(capacity: 8);

        foreach (double score in new[] { 3.0, 1.0, 2.0 })
        {
            reservoir.Add(score, -score);
        }

        Assert.Equal([3f, 1f, 2f], reservoir.Samples.ToArray());
        Assert.Equal([-3f, -1f, -2f], reservoir.PolicyValues.ToArray());
        Assert.Equal(3, reservoir.Seen);
    }

    [Fact]
    public void Add_ManyMoreThanCapacity_StaysBoundedAndUniform()
    {
        var reservoir = new ScoreReservoir(capacity: 1000, seed: 3);

        for (int i = 0; i < 100_000; i++)
        {
            reservoir.Add(i, i);
        }

        // A uniform sample of 0..99,999: its mean is near 50,000 and about a tenth of it lies in each tenth of the range.
        float[] samples = reservoir.Samples.ToArray();
        Assert.Equal(1000, samples.Length);
        Assert.Equal(100_000, reservoir.Seen);
        Assert.InRange(samples.Average(), 47_000, 53_000);
        Assert.All(Enumerable.Range(0, 10), d => Assert.InRange(samples.Count(s => s >= d * 10_000 && s < (d + 1) * 10_000), 60, 140));
        Assert.Equal(samples, reservoir.PolicyValues.ToArray());
    }

    [Fact]
    public void Add_NaNAndInfinity_NaNIgnoredInfinityKeptFinite()
    {
        var reservoir = new ScoreReservoir(capacity: 4);

        reservoir.Add(double.NaN, 1);
        reservoir.Add(double.PositiveInfinity, 1);

        Assert.Equal([float.MaxValue], reservoir.Samples.ToArray());
    }

    [Fact]
    public void Restore_SavedSamples_ContinuesFromThem()
    {
        var reservoir = new ScoreReservoir(capacity: 4);

        reservoir.Restore([1f, 2f], [0f, 1f], seen: 2);
        reservoir.Add(5, 4);

        Assert.Equal([1f, 2f, 5f], reservoir.Samples.ToArray());
        Assert.Equal([0f, 1f, 4f], reservoir.PolicyValues.ToArray());
        Assert.Equal(3, reservoir.Seen);
    }

    [Fact]
    public void Restore_MoreSeenThanKeptBelowCapacity_Throws() =>
        Assert.Throws<ArgumentException>(() => new ScoreReservoir(capacity: 4).Restore([1f, 2f], [1f, 2f], seen: 10));
}
