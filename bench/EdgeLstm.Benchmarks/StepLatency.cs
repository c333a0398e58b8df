using System.Buffers.Binary;
using System.Globalization;
using EdgeLstm.Benchmarks.Onnx;
using EdgeLstm.Benchmarks.Quantization;
using EdgeLstm.Benchmarks.Reports;
using EdgeLstm.Model;
using EdgeLstm.Model.Cells;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Benchmarks;

/// <summary>
/// Measures the time per step of one LSTM run over a T-step sequence at batch 1, float32 (the cell's forward, one step
/// at a time as the trainer runs it), int8 and FloatSD8 (<see cref="QuantizedCellRunner.Step(ReadOnlySpan{sbyte})"/>)
/// and, given the exports of bench/torch_onnx_export.py, ONNX Runtime (<see cref="OnnxLstmStep"/>), for comparison with
/// PyTorch in bench/pytorch-step.sh. A Stopwatch median over repeated 10-step chunks of the sequence, not a
/// BenchmarkDotNet job.
/// </summary>
/// <remarks>
/// Usage: <c>step-latency [--sizes "32x64 16x32"] [--steps 100] [--repeats 200] [--onnx FOLDER]</c>. Prints
/// tab-separated lines: implementation, m, n, variant, nanoseconds per step, bytes allocated per step, instruction path.
/// The ONNX Runtime run is checked first: its state after T steps must match PyTorch's within 1e-5 (the difference is
/// printed as variant <c>error-vs-pytorch</c>, in place of the nanoseconds).
/// </remarks>
internal static class StepLatency
{
    private const double OnnxTolerance = 1e-5;

    // Steps per timed unit: short enough that a unit seldom straddles a preemption on a loaded machine (a whole
    // 100-step sequence at m = 64, n = 256 takes milliseconds), long enough that the Stopwatch's cost is small.
    private const int ChunkSteps = 10;

    public static int Run(string[] args)
    {
        string Arg(string name, string fallback)
        {
            int at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        }

        string sizes = Arg("--sizes", "32x64");
        int steps = int.Parse(Arg("--steps", "100"), CultureInfo.InvariantCulture);
        int repeats = int.Parse(Arg("--repeats", "200"), CultureInfo.InvariantCulture);
        string? onnx = Arg("--onnx", "") is { Length: > 0 } folder ? folder : null;
        foreach (string size in sizes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int m = int.Parse(size[..size.IndexOf('x', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            int n = int.Parse(size[(size.IndexOf('x', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture);
            Print("edgelstm", m, n, "float32", Measure(FloatSequence(m, n, steps), repeats, steps), InstructionPaths.Float);
            foreach ((string variant, WeightFormat format) in new[] { ("int8", WeightFormat.Int8), ("floatsd8", WeightFormat.FloatSD8) })
            {
                Print("edgelstm", m, n, variant, Measure(IntegerSequence(m, n, steps, format), repeats, steps), InstructionPaths.Integer(format));
            }

            if (onnx is not null)
            {
                string model = Path.Combine(onnx, $"lstm-{m}x{n}");
                using var lstm = new OnnxLstmStep(model + ".onnx", m, n);
                float[] reference = ReadFloats(model + ".reference");
                if (reference.Length != (steps * m) + (2 * n))
                {
                    throw new InvalidOperationException($"{model}.reference holds {reference.Length} values, not a {steps}-step sequence of {m} and two states of {n}.");
                }

                double error = OnnxError(lstm, reference, m, n, steps);
                if (error > OnnxTolerance)
                {
                    throw new InvalidOperationException($"ONNX Runtime's state after {steps} steps differs from PyTorch's by {error:G3}, more than {OnnxTolerance:G1}.");
                }

                Print("onnxruntime", m, n, "float32", Measure(OnnxSequence(lstm, reference, m), repeats, steps), "CPU provider");
                Print("onnxruntime", m, n, "error-vs-pytorch", (error, 0), "largest |Δ h|, |Δ c| after the sequence");
            }
        }

        return 0;
    }

    private static Stepper FloatSequence(int m, int n, int steps)
    {
        RecurrentCell<float> cell = CellFactory.Create<float>(CellKind.Lstm, m, n, peephole: false);
        var parameters = new float[cell.ParameterCount];
        cell.Initialize(parameters, new Random(42));
        var random = new Random(7);
        float[] inputs = [.. Enumerable.Range(0, steps * m).Select(_ => (float)((random.NextDouble() * 2) - 1))];

        // Time-major state and cache blocks, as SequenceWorkspace lays them out; block 0 is the zero initial state, so
        // starting over needs no reset.
        var hidden = new float[(steps + 1) * n];
        var cells = new float[(steps + 1) * n];
        var cache = new float[steps * cell.CacheWidth];
        return new(
            () => { },
            t => cell.Forward(
                parameters,
                1,
                inputs.AsSpan(t * m, m),
                hidden.AsSpan(t * n, n),
                cells.AsSpan(t * n, n),
                hidden.AsSpan((t + 1) * n, n),
                cells.AsSpan((t + 1) * n, n),
                cache.AsSpan(t * cell.CacheWidth, cell.CacheWidth)));
    }

    private static Stepper IntegerSequence(int m, int n, int steps, WeightFormat format)
    {
        var runner = new QuantizedCellRunner(BenchmarkCells.Create(CellKind.Lstm, format, m, n));
        sbyte[] inputs = BenchmarkCells.Inputs(steps * m);
        return new(runner.Reset, t => runner.Step(inputs.AsSpan(t * m, m)));
    }

    private static Stepper OnnxSequence(OnnxLstmStep lstm, float[] inputs, int m) =>
        new(lstm.Reset, t => lstm.Step(inputs.AsSpan(t * m, m)));

    // The largest difference between ONNX Runtime's h and c after the reference sequence and PyTorch's.
    private static double OnnxError(OnnxLstmStep lstm, float[] reference, int m, int n, int steps)
    {
        lstm.Reset();
        for (int t = 0; t < steps; t++)
        {
            lstm.Step(reference.AsSpan(t * m, m));
        }

        ReadOnlySpan<float> expected = reference.AsSpan(steps * m);
        double error = 0;
        for (int j = 0; j < n; j++)
        {
            error = Math.Max(error, Math.Abs(lstm.Hidden[j] - expected[j]));
            error = Math.Max(error, Math.Abs(lstm.Cell[j] - expected[n + j]));
        }

        return error;
    }

    private static float[] ReadFloats(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }

        return values;
    }

    // Median nanoseconds and mean bytes allocated per step over `repeats` timed chunks of ChunkSteps steps, the
    // sequence of `steps` steps starting over from its reset state whenever it ends.
    private static (double Nanoseconds, double Bytes) Measure(Stepper stepper, int repeats, int steps)
    {
        int t = 0;
        void Chunk()
        {
            for (int i = 0; i < ChunkSteps; i++)
            {
                if (t == steps)
                {
                    stepper.Reset();
                    t = 0;
                }

                stepper.Step(t++);
            }
        }

        stepper.Reset();
        (double median, long bytes) = Timing.Median(Chunk, repeats);
        return (median / ChunkSteps, (double)bytes / repeats / ChunkSteps);
    }

    // Starts the sequence over, and runs its step t from the state left by step t − 1.
    private readonly record struct Stepper(Action Reset, Action<int> Step);

    private static void Print(string implementation, int m, int n, string variant, (double Nanoseconds, double Bytes) figures, string path) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{implementation}\t{m}\t{n}\t{variant}\t{figures.Nanoseconds:G6}\t{figures.Bytes:F1}\t{path}"));
}
