using System.CommandLine;
using System.Globalization;
using EdgeLstm.Model;
using EdgeLstm.Model.Cells;
using EdgeLstm.Trainer.Evaluation;
using EdgeLstm.Trainer.Reporting;
using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Builds the <c>compare</c> command: several cell kinds trained on the same data with the same budget, one table.</summary>
internal static class CompareCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var data = new DataOptions("data", "Training data", required: true);
        var test = new Option<string[]>("--test") { Description = "Test data file(s) in the same format (default: the validation split).", AllowMultipleArgumentsPerToken = true };
        var cells = new Option<CellKind[]>("--cells")
        {
            Description = $"Cell kinds to compare, separated by commas or spaces ({CellKindArgument.Names}; default all).",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => CellKindArgument.All,
            CustomParser = CellKindArgument.ParseMany,
        };
        var outputDirectory = new Option<DirectoryInfo>("--output-dir") { Description = "Folder for the models and reports.", DefaultValueFactory = _ => new DirectoryInfo("compare") };
        var training = new TrainingOptionSet();
        var command = new Command("compare", "Train several cell kinds on the same data with the same budget and print one table.") { data.Paths, test, cells, outputDirectory };
        data.AddFormatOptions(command);
        training.AddTo(command);
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            DirectoryInfo folder = parse.GetRequiredValue(outputDirectory);
            folder.Create();
            using CancellationTokenSource cancel = CommandErrors.CancelOnCtrlC();
            var rows = new List<string>();
            foreach (CellKind cell in parse.GetRequiredValue(cells))
            {
                TrainRequest request = training.Bind(parse, data.Bind(parse)!, data.Bind(parse, test), cell);
                TrainOutcome outcome = TrainingPipeline.Run(request, Console.Out, new ConsoleProgress(Console.Out), cancel.Token);
                string path = Path.Combine(folder.FullName, $"{CellDescriptor.For(cell).Name}.safetensors");
                TrainCommand.Finish(outcome, path);
                rows.Add(Row(outcome, new FileInfo(path).Length));
                if (cancel.IsCancellationRequested)
                {
                    break;
                }
            }

            Console.WriteLine();
            Console.WriteLine("| cell | parameters | MACs/step | model bytes | accuracy | F1 | ROC AUC | training time |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|");
            rows.ForEach(Console.WriteLine);
            return 0;
        }));
        return command;
    }

    private static string Row(TrainOutcome outcome, long bytes)
    {
        SequenceModel<float> model = outcome.Model;
        BinaryMetrics b = outcome.Evaluation.Binary;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {model.Config.Cell} | {model.Parameters.Length:N0} | {model.MultiplyAccumulatesPerStep:N0} | {bytes:N0} | {MetricText.Format(b.Accuracy, "P2")} | {MetricText.Format(b.F1, "F4")} | {MetricText.Format(b.RocAuc, "F4")} | {outcome.Training.Elapsed.TotalSeconds:F1} s |");
    }
}
