using System.Diagnostics;
using System.Globalization;
using EdgeLstm.Model;
using EdgeLstm.Trainer.Data;
using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Benchmarks;

/// <summary>Measures training throughput (sequences per second) of the real trainer on random data, for comparison
/// with PyTorch in bench/train-throughput.sh. A wall-clock measurement over whole epochs, not a BenchmarkDotNet job.</summary>
internal static class TrainingThroughput
{
    public static int Run(string[] args)
    {
        int Arg(string name, int fallback)
        {
            int at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
        }

        CellKind cell = Enum.Parse<CellKind>(args.SkipWhile(a => a != "--cell").Skip(1).FirstOrDefault() ?? "Lstm", ignoreCase: true);
        int input = Arg("--input", 32);
        int hidden = Arg("--hidden", 64);
        int steps = Arg("--steps", 20);
        int batch = Arg("--batch", 64);
        int threads = Arg("--threads", 1);
        int sequences = Arg("--sequences", 4096);
        int epochs = Arg("--epochs", 3);

        var random = new Random(1);
        var inputs = new float[sequences * steps * input];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (float)((random.NextDouble() * 2) - 1);
        }

        int[] labels = Enumerable.Range(0, sequences).Select(i => i % 2).ToArray();
        var train = new SequenceSet(inputs, labels, new bool[sequences], steps, input, ["benign", "attack"]);
        SequenceSet validation = train.Select([0, 1]);
        var config = new ModelConfig { Cell = cell, InputSize = input, HiddenSize = hidden, SequenceLength = steps };
        SequenceModel<float> model = SequenceModel.Create<float>(config, seed: 1);

        // One warm-up epoch lets the JIT reach its optimized code before timing.
        var options = new TrainingOptions { Epochs = 1, BatchSize = batch, Threads = threads, Patience = 1000 };
        new ModelTrainer(model, options).Train(train, validation, null, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        new ModelTrainer(model, options with { Epochs = epochs }).Train(train, validation, null, CancellationToken.None);
        double rate = sequences * (double)epochs / clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"edgelstm {cell} m={input} n={hidden} T={steps} batch={batch} threads={threads}: {rate:F1} sequences/s"));
        return 0;
    }
}
