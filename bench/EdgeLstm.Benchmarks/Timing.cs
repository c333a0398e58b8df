using System.Diagnostics;

namespace EdgeLstm.Benchmarks;

/// <summary>The Stopwatch median of the step-latency and window-cost modes (not BenchmarkDotNet jobs).</summary>
internal static class Timing
{
    /// <summary>Returns the median nanoseconds of one call of <paramref name="run"/> over <paramref name="repeats"/>
    /// calls and the bytes those calls allocated on this thread, after a quarter as many warm-up calls (at least 50).</summary>
    public static (double Nanoseconds, long Bytes) Median(Action run, int repeats)
    {
        for (int i = 0; i < Math.Max(repeats / 4, 50); i++)
        {
            run();
        }

        var times = new double[repeats];
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < repeats; i++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            times[i] = Stopwatch.GetElapsedTime(start).TotalNanoseconds;
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Array.Sort(times);
        return (times[repeats / 2], allocated);
    }
}
