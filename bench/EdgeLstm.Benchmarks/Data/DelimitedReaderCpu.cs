using System.Diagnostics;
using System.Globalization;

namespace EdgeLstm.Benchmarks.Data;

/// <summary>Runs the <see cref="DelimitedReaderBenchmarks"/> methods in interleaved rounds and prints the median process CPU
/// time, wall clock and allocated bytes of each: on a shared machine CPU time is far steadier than BenchmarkDotNet's wall
/// clock, and interleaving keeps a change of load from favouring the method that happened to run first.</summary>
internal static class DelimitedReaderCpu
{
    /// <summary>Runs <c>reader-cpu [rounds]</c> (default 7).</summary>
    public static int Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
        var benchmarks = new DelimitedReaderBenchmarks();
        benchmarks.Setup();
        try
        {
            (string Name, Func<long> Read)[] methods =
            [
                ("Legacy", benchmarks.Legacy), ("Spans", benchmarks.Spans), ("Strings", benchmarks.Strings),
                ("Sep", benchmarks.Sep), ("Decode", benchmarks.Decode),
            ];
            var cpu = methods.ToDictionary(m => m.Name, _ => new List<double>());
            var wall = methods.ToDictionary(m => m.Name, _ => new List<double>());
            var allocated = methods.ToDictionary(m => m.Name, _ => 0L);
            using Process process = Process.GetCurrentProcess();
            for (int round = -1; round < rounds; round++)
            {
                foreach ((string name, Func<long> read) in methods)
                {
                    GC.Collect();
                    process.Refresh();
                    TimeSpan cpuBefore = process.TotalProcessorTime;
                    long bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
                    long started = Stopwatch.GetTimestamp();
                    read();
                    TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
                    long bytes = GC.GetTotalAllocatedBytes(precise: true) - bytesBefore;
                    process.Refresh();
                    if (round >= 0)
                    {
                        // Round -1 warms the JIT up.
                        cpu[name].Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
                        wall[name].Add(elapsed.TotalMilliseconds);
                        allocated[name] = bytes;
                    }
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Median of {rounds} interleaved rounds (process CPU time includes the GC's threads)."));
            Console.WriteLine();
            Console.WriteLine("| method | CPU ms (median) | CPU ms (min–max) | wall ms (median) | allocated |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach ((string name, _) in methods)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {Median(cpu[name]):F0} | {cpu[name].Min():F0}–{cpu[name].Max():F0} | {Median(wall[name]):F0} | {allocated[name]:N0} B |"));
            }
        }
        finally
        {
            benchmarks.Cleanup();
        }

        return 0;
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
