using System.Diagnostics;
using System.Globalization;
using EdgeLstm.Benchmarks.Quantization;
using EdgeLstm.Model;
using EdgeLstm.Model.Cells;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Benchmarks;

/// <summary>
/// Measures the time per step of one LSTM run over a T-step sequence at batch 1, float32 (the cell's forward, one step
/// at a time as the trainer runs it) and int8 (<see cref="QuantizedCellRunner.Step(ReadOnlySpan{sbyte})"/>), for
/// comparison with PyTorch in bench/pytorch-step.sh. A Stopwatch median over repeats, not a BenchmarkDotNet job.
/// </summary>
/// <remarks>Prints tab-separated lines: implementation, m, n, variant, nanoseconds per step.</remarks>
internal static class StepLatency
{
    public static int Run(string[] args)
    {
        int Arg(string name, int fallback)
        {
            int at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
        }

        int m = Arg("--input", 32);
        int n = Arg("--hidden", 64);
        int steps = Arg("--steps", 100);
        int repeats = Arg("--repeats", 200);
        Print(m, n, "float32", Median(FloatSequence(m, n, steps), repeats) / steps);
        Print(m, n, "int8", Median(IntegerSequence(m, n, steps), repeats) / steps);
        return 0;
    }

    private static Action FloatSequence(int m, int n, int steps)
    {
        RecurrentCell<float> cell = CellFactory.Create<float>(CellKind.Lstm, m, n, peephole: false);
        var parameters = new float[cell.ParameterCount];
        cell.Initialize(parameters, new Random(42));
        var random = new Random(7);
        float[] inputs = [.. Enumerable.Range(0, steps * m).Select(_ => (float)((random.NextDouble() * 2) - 1))];

        // Time-major state and cache blocks, as SequenceWorkspace lays them out; block 0 is the zero initial state.
        var hidden = new float[(steps + 1) * n];
        var cells = new float[(steps + 1) * n];
        var cache = new float[steps * cell.CacheWidth];
        return () =>
        {
            for (int t = 0; t < steps; t++)
            {
                cell.Forward(
                    parameters,
                    1,
                    inputs.AsSpan(t * m, m),
                    hidden.AsSpan(t * n, n),
                    cells.AsSpan(t * n, n),
                    hidden.AsSpan((t + 1) * n, n),
                    cells.AsSpan((t + 1) * n, n),
                    cache.AsSpan(t * cell.CacheWidth, cell.CacheWidth));
            }
        };
    }

    private static Action IntegerSequence(int m, int n, int steps)
    {
        var runner = new QuantizedCellRunner(BenchmarkCells.Create(CellKind.Lstm, WeightFormat.Int8, m, n));
        sbyte[] inputs = BenchmarkCells.Inputs(steps * m);
        return () =>
        {
            runner.Reset();
            for (int t = 0; t < steps; t++)
            {
                runner.Step(inputs.AsSpan(t * m, m));
            }
        };
    }

    // Median nanoseconds of one call, after a quarter as many warm-up calls to let the JIT reach optimized code.
    private static double Median(Action sequence, int repeats)
    {
        for (int i = 0; i < Math.Max(repeats / 4, 50); i++)
        {
            sequence();
        }

        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            long start = Stopwatch.GetTimestamp();
            sequence();
            times[i] = Stopwatch.GetElapsedTime(start).TotalNanoseconds;
        }

        Array.Sort(times);
        return times[repeats / 2];
    }

    private static void Print(int m, int n, string variant, double nanoseconds) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"edgelstm\t{m}\t{n}\t{variant}\t{nanoseconds:F1}"));
}
