using EdgeLstm.EdgeAgent.Delivery;

namespace EdgeLstm.EdgeAgent.Tests.Delivery;

public sealed class RetryBackoffTests
{
    [Fact]
    public void Next_ManyDraws_BetweenHalfAndAllOfADoublingBoundCappedAtMax()
    {
        var backoff = new RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), new Random(13));
        double[] bounds = [1, 2, 4, 5, 5, 5, 5, 5];
        for (int round = 0; round < 200; round++)
        {
            foreach (double bound in bounds)
            {
                double seconds = backoff.Next().TotalSeconds;
                Assert.InRange(seconds, bound / 2, bound);
            }

            backoff.Reset();
        }
    }

    [Fact]
    public void Next_ManyDraws_AreJittered()
    {
        var backoff = new RetryBackoff(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4), new Random(7));

        double[] draws = [.. Enumerable.Range(0, 100).Select(_ => backoff.Next().TotalSeconds)];

        Assert.True(draws.Distinct().Count() > 90, "the delays are not jittered");
        Assert.InRange(draws.Average(), 2.8, 3.2);
    }
}
