namespace EdgeLstm.Model.Tests;

/// <summary>Measures what a call allocates in steady state, on this thread.</summary>
/// <remarks>The runtime itself allocates on the calling thread now and then while code warms up: on-stack replacement
/// of a long-running loop, a tier change. So the call is warmed up first, then measured in up to three rounds, and the
/// smallest round counts: an allocation per call shows in every round, a one-off of the runtime in one.</remarks>
internal static class SteadyStateAllocations
{
    /// <summary>Returns the bytes the fewest-allocating of three rounds of <paramref name="calls"/> calls allocated.</summary>
    /// <param name="call">The call to measure.</param>
    /// <param name="warmUpCalls">Calls made first, unmeasured.</param>
    /// <param name="calls">Calls per measured round.</param>
    public static long Measure(Action call, int warmUpCalls = 200, int calls = 100)
    {
        for (int i = 0; i < warmUpCalls; i++)
        {
            call();
        }

        long fewest = long.MaxValue;
        for (int round = 0; round < 3 && fewest > 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++)
            {
                call();
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
