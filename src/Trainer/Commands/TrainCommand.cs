using System.CommandLine;
using EdgeLstm.Model;
using EdgeLstm.Model.Serialization;
using EdgeLstm.Trainer.Reporting;
using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Builds the <c>train</c> command: data in, evaluated model and report out.</summary>
internal static class TrainCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var data = new DataOptions("data", "Training data", required: true);
        var test = new Option<string[]>("--test") { Description = "Test data file(s) in the same format, for the report (default: the validation split).", AllowMultipleArgumentsPerToken = true };
        var cell = new Option<CellKind>("--cell") { Description = $"Cell kind, one of {CellKindArgument.Names} (compare --cells trains several).", DefaultValueFactory = _ => CellKind.Lstm, CustomParser = CellKindArgument.ParseOne };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Model file to write; the report goes next to it.", DefaultValueFactory = _ => new FileInfo("model.safetensors") };
        var quantize = new Option<bool>("--quantize") { Description = "Also calibrate the integer model on the training data and store it in the model file (as the quantize command)." };
        var training = new TrainingOptionSet();
        var command = new Command("train", "Train a model on a dataset, calibrate its alert threshold, evaluate it and write a report.") { data.Paths, test, cell, output, quantize };
        data.AddFormatOptions(command);
        training.AddTo(command);
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            TrainRequest request = training.Bind(parse, data.Bind(parse)!, data.Bind(parse, test), parse.GetValue(cell));
            using CancellationTokenSource cancel = CommandErrors.CancelOnCtrlC();
            TrainOutcome outcome = TrainingPipeline.Run(request, Console.Out, new ConsoleProgress(Console.Out), cancel.Token);
            string path = parse.GetRequiredValue(output).FullName;
            int exit = Finish(outcome, path);
            if (parse.GetValue(quantize))
            {
                QuantizeCommand.Quantize(path, request.Data, request.Sequences.Stride, new QuantizationSettings { Test = request.Test }, path);
            }

            return exit;
        }));
        return command;
    }

    /// <summary>Saves the model and its report and prints the headline figures.</summary>
    public static int Finish(TrainOutcome outcome, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ModelFile.Save(outcome.Model, path);
        string report = ReportWriter.Write(Stem(path), $"Training report: {Path.GetFileName(path)}", outcome.Model, outcome.Evaluation, outcome.Training, outcome.Notes);
        TrainingResult run = outcome.Training;
        Console.WriteLine($"Best epoch {run.BestEpoch} of {run.History.Count}{(run.StoppedEarly ? " (stopped early)" : "")}{(run.Cancelled ? " (interrupted)" : "")}, {run.Elapsed.TotalSeconds:F1} s.");
        Headline.Print(Console.Out, outcome.Evaluation, outcome.EvaluatedOn);
        Console.WriteLine($"Model: {path}");
        Console.WriteLine($"Report: {report}");
        return 0;
    }

    /// <summary>Returns the model path without its .safetensors extension.</summary>
    public static string Stem(string modelPath) =>
        modelPath.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) ? modelPath[..^".safetensors".Length] : modelPath;
}
