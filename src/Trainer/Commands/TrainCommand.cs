using System.CommandLine;
using EdgeLstm.Model;
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
        var name = new Option<string?>("--name") { Description = "Name stored in the model's provenance, shown beside its content hash in the agent's alerts and status." };
        var created = new Option<DateTimeOffset?>("--created") { Description = $"Creation time stored in the model (ISO 8601; default now, or ${ModelOutput.SourceDateEpoch}): the agent refuses a signed model older than the one it runs." };
        var training = new TrainingOptionSet();
        var command = new Command("train", "Train a model on a dataset, calibrate its alert threshold, evaluate it and write a report.") { data.Paths, test, cell, output, quantize, name, created };
        data.AddFormatOptions(command);
        training.AddTo(command);
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            TrainRequest request = training.Bind(parse, data.Bind(parse)!, data.Bind(parse, test), parse.GetValue(cell));
            using CancellationTokenSource cancel = CommandErrors.CancelOnCtrlC();
            TrainOutcome outcome = TrainingPipeline.Run(request, Console.Out, new ConsoleProgress(Console.Out), cancel.Token);
            string path = parse.GetRequiredValue(output).FullName;
            int exit = Finish(outcome, path, parse.GetValue(created), parse.GetValue(name));
            if (parse.GetValue(quantize))
            {
                QuantizeCommand.Quantize(path, request.Data, request.Sequences.Stride, new QuantizationSettings { Test = request.Test }, path);
            }

            return exit;
        }));
        return command;
    }

    /// <summary>Verifies and saves the model and its report and prints the headline figures.</summary>
    /// <param name="outcome">The training outcome.</param>
    /// <param name="path">The model file to write.</param>
    /// <param name="created">The creation time to record, or <see langword="null"/> for now.</param>
    /// <param name="name">The name to record, or <see langword="null"/> for none.</param>
    /// <exception cref="Model.Verification.ModelVerificationException">The agent would refuse the model; nothing is written.</exception>
    public static int Finish(TrainOutcome outcome, string path, DateTimeOffset? created = null, string? name = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        SequenceModel<float> written = ModelOutput.Save(outcome.Model, path, created, name);
        string report = ReportWriter.Write(Stem(path), $"Training report: {Path.GetFileName(path)}", written, outcome.Evaluation, outcome.Training, outcome.Notes);
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
