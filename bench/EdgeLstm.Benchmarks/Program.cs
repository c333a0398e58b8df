using BenchmarkDotNet.Running;

namespace EdgeLstm.Benchmarks;

/// <summary>Runs the benchmarks chosen on the command line (see BenchmarkDotNet's --filter), or the
/// training-throughput measurement with <c>train-throughput</c>, the step tables of bench/step-table.sh with
/// <c>step-table</c>, the Stopwatch step latencies of bench/pytorch-step.sh with <c>step-latency</c>,
/// or the per-window scoring cost of bench/window-cost.sh with <c>window-cost</c>.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "train-throughput")
        {
            return TrainingThroughput.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "step-table")
        {
            return Reports.StepTable.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "reader-cpu")
        {
            return Data.DelimitedReaderCpu.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "step-latency")
        {
            return StepLatency.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "window-cost")
        {
            return WindowCost.Run(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
