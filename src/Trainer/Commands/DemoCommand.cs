using System.CommandLine;
using System.Diagnostics;
using EdgeLstm.Model;
using EdgeLstm.Model.Serialization;
using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Builds the <c>demo</c> command, the end-to-end job that README's first command runs.</summary>
internal static class DemoCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var output = new Option<FileInfo>("--output") { Description = "Where to write the trained model.", DefaultValueFactory = _ => new FileInfo("out/demo-lstm.safetensors") };
        var cell = new Option<CellKind>("--cell") { Description = $"Cell kind, one of {CellKindArgument.Names}.", DefaultValueFactory = _ => CellKind.Lstm, CustomParser = CellKindArgument.ParseOne };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training data.", DefaultValueFactory = _ => 30 };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same model bytes.", DefaultValueFactory = _ => 1 };
        var command = new Command("demo", "Train a small model on a synthetic burst-detection task, save it and describe it.") { output, cell, epochs, seed };
        command.SetAction(parse => Run(parse.GetRequiredValue(output), parse.GetValue(cell), parse.GetValue(epochs), parse.GetValue(seed)));
        return command;
    }

    private static int Run(FileInfo output, CellKind cell, int epochs, int seed)
    {
        const int steps = 12;
        const int features = 4;
        const int batchSize = 32;
        var config = new ModelConfig
        {
            Cell = cell,
            InputSize = features,
            HiddenSize = 16,
            Head = HeadKind.Sigmoid,
            SequenceLength = steps,
            ClassNames = ["benign", "burst"],
            Provenance = new ModelProvenance { Seed = seed, Tool = "edgelstm-train demo" },
        };
        SequenceModel<float> model = SequenceModel.Create<float>(config, seed);
        (float[] trainInputs, int[] trainLabels) = SyntheticTask.Generate(1024, steps, features, seed);
        (float[] testInputs, int[] testLabels) = SyntheticTask.Generate(512, steps, features, seed + 1);
        var optimizer = new AdamOptimizer(model.Parameters.Length, learningRate: 0.01f);
        SequenceWorkspace<float> workspace = model.CreateWorkspace();
        int stride = steps * features;

        Console.WriteLine($"Training a {cell} model ({model.Parameters.Length} parameters) on {trainLabels.Length} synthetic sequences of {steps} steps.");
        var clock = Stopwatch.StartNew();
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            double epochLoss = 0;
            int batches = 0;
            for (int start = 0; start < trainLabels.Length; start += batchSize)
            {
                int count = Math.Min(batchSize, trainLabels.Length - start);
                var batch = new SequenceBatch<float>(trainInputs.AsSpan(start * stride, count * stride), count, steps, trainLabels.AsSpan(start, count));
                epochLoss += model.Loss(batch, workspace, computeGradients: true);
                AdamOptimizer.ClipGradientNorm(workspace.Gradients, 5f);
                optimizer.Step(model.Parameters, workspace.Gradients);
                batches++;
            }

            if (epoch == 1 || epoch % 5 == 0 || epoch == epochs)
            {
                Console.WriteLine($"  epoch {epoch,3}: loss {epochLoss / batches:F4}, test accuracy {Accuracy(model, workspace, testInputs, testLabels, steps, features):P1}");
            }
        }

        double accuracy = Accuracy(model, workspace, testInputs, testLabels, steps, features);
        model = new SequenceModel<float>(
            config with { Provenance = config.Provenance! with { Metrics = new SortedDictionary<string, double?>(StringComparer.Ordinal) { ["test_accuracy"] = accuracy } } },
            model.Parameters);
        Console.WriteLine($"Trained in {clock.Elapsed.TotalSeconds:F1} s; test accuracy {accuracy:P1} (chance is 50%).");

        output.Directory?.Create();
        ModelFile.Save(model, output.FullName);
        Console.WriteLine();
        return InspectCommand.Describe(output.FullName, Console.Out);
    }

    private static double Accuracy(SequenceModel<float> model, SequenceWorkspace<float> workspace, float[] inputs, int[] labels, int steps, int features)
    {
        var scores = new float[labels.Length];
        model.Score(new SequenceBatch<float>(inputs, labels.Length, steps), workspace, scores);
        int correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            correct += (scores[i] >= 0.5f ? 1 : 0) == labels[i] ? 1 : 0;
        }

        return (double)correct / labels.Length;
    }
}
