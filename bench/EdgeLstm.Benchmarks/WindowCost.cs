using System.Globalization;
using EdgeLstm.Benchmarks.Reports;
using EdgeLstm.Features.Windows;
using EdgeLstm.Model;
using EdgeLstm.Model.Quantization;
using EdgeLstm.Model.Scoring;
using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Benchmarks;

/// <summary>
/// Measures what one host window costs the agent's scoring path, for bench/window-cost.sh: an LSTM next-step model (the
/// trainer's unsupervised default, T = <see cref="TrainRequest.DefaultSteps"/>) in float32, int8 and FloatSD8, scored
/// (a) through <see cref="HostSequenceScorer{TKey}"/> for a host that had a row in every window: the history append,
/// the sequence copy and T − 1 steps from a zero state plus the head, as the agent does for a busy host; and (b) through
/// <see cref="ISequenceScorer.Score"/> with T − 2 leading silent steps: one step from the model's cached silent state
/// plus the head, the cost of a host that came back after a silence (the float scorer runs every step regardless).
/// </summary>
/// <remarks>
/// Usage: <c>window-cost [--sizes "16x32 ..."] [--lab] [--repeats 200]</c>; <c>--lab</c> adds the lab model of
/// scripts/train-lab-model.sh (the window features, n = 16) and the trainer's default width on the same features.
/// Prints tab-separated lines: model label, m, n, format, variant (<c>scratch</c> or <c>cached</c>), nanoseconds per
/// window, bytes allocated over the timed windows, the number of timed windows, instruction path. Weights are seeded random: the cost does not depend on them.
/// </remarks>
internal static class WindowCost
{
    // Windows per timed unit: few, so that a unit seldom straddles a preemption on a loaded machine.
    private const int WindowsPerRun = 4;

    // edgelstm-train train's --hidden default (src/Trainer/Commands/TrainingOptionSet.cs) and the lab model's width.
    private const int TrainerDefaultHidden = 32;
    private const int LabHidden = 16;

    public static int Run(string[] args)
    {
        string Arg(string name, string fallback)
        {
            int at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        }

        int repeats = int.Parse(Arg("--repeats", "200"), CultureInfo.InvariantCulture);
        var models = new List<(string Label, int M, int N)>();
        if (args.Contains("--lab"))
        {
            models.Add(("lab", HostWindowFeatures.Count, LabHidden));
            models.Add(("trainer default", HostWindowFeatures.Count, TrainerDefaultHidden));
        }

        foreach (string size in Arg("--sizes", "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int x = size.IndexOf('x', StringComparison.Ordinal);
            models.Add(("grid", int.Parse(size[..x], CultureInfo.InvariantCulture), int.Parse(size[(x + 1)..], CultureInfo.InvariantCulture)));
        }

        foreach ((string label, int m, int n) in models)
        {
            foreach (WeightFormat? format in new WeightFormat?[] { null, WeightFormat.Int8, WeightFormat.FloatSD8 })
            {
                Measure(label, m, n, format, repeats);
            }
        }

        return 0;
    }

    private static void Measure(string label, int m, int n, WeightFormat? format, int repeats)
    {
        int steps = TrainRequest.DefaultSteps;
        var config = new ModelConfig
        {
            Cell = CellKind.Lstm,
            InputSize = m,
            HiddenSize = n,
            Head = HeadKind.NextStep,
            OutputSize = m,
            SequenceLength = steps,
            Compression = format == WeightFormat.FloatSD8 ? new ModelCompression { FloatSD8 = true } : null,
            Features = new FeatureNormalization
            {
                Schema = "bench",
                Names = [.. Enumerable.Range(0, m).Select(i => $"f{i}")],
                Transforms = [.. Enumerable.Repeat("log1p", m)],
                Means = [.. Enumerable.Repeat(1.0, m)],
                StandardDeviations = [.. Enumerable.Repeat(2.0, m)],
                WindowSeconds = 1,
            },
        };
        SequenceModel<float> model = SequenceModel.Create<float>(config, seed: 1);
        var random = new Random(3);
        const int calibration = 64;
        float[] rows = [.. Enumerable.Range(0, calibration * steps * m).Select(_ => (float)((random.NextDouble() * 4) - 2))];
        ISequenceScorer scorer = format is null ? new FloatSequenceScorer(model) : IntegerSequenceScorer.Quantize(model, rows, calibration, steps);
        string name = format switch
        {
            null => "float32",
            WeightFormat.Int8 => "int8",
            _ => "floatsd8",
        };
        string path = format is { } integer ? InstructionPaths.Integer(integer) : InstructionPaths.Float;

        // (a) A busy host: a row in every window, so its history holds T real rows and nothing is skipped.
        var hosts = new HostSequenceScorer<int>(scorer, SequenceTiming.Windows(1), capacity: 16);
        int window = 0;
        void Busy()
        {
            for (int i = 0; i < WindowsPerRun; i++, window++)
            {
                hosts.Score(1, window, rows.AsSpan(window % calibration * m, m), out _, out _);
            }
        }

        Print(label, m, n, name, "scratch", Timing.Median(Busy, repeats), repeats, path);

        // (b) A host back after a silence: T − 2 silent steps come from the cached state, one step runs, then the head.
        float[] sequence = new float[steps * m];
        float[] silence = config.Features.Silence();
        for (int t = 0; t < steps - 2; t++)
        {
            silence.CopyTo(sequence, t * m);
        }

        rows.AsSpan(0, 2 * m).CopyTo(sequence.AsSpan((steps - 2) * m));
        void Returning()
        {
            for (int i = 0; i < WindowsPerRun; i++)
            {
                scorer.Score(sequence, steps - 2);
            }
        }

        Print(label, m, n, name, "cached", Timing.Median(Returning, repeats), repeats, path);
    }

    // Prints ns per window and the bytes allocated over all the timed windows (a one-off allocation shows as a total,
    // not as a per-window figure).
    private static void Print(string label, int m, int n, string format, string variant, (double Nanoseconds, long Bytes) run, int repeats, string path) =>
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{label}\t{m}\t{n}\t{format}\t{variant}\t{run.Nanoseconds / WindowsPerRun:G6}\t{run.Bytes}\t{repeats * WindowsPerRun}\t{path}"));
}
