using System.CommandLine;
using EdgeLstm.Model;
using EdgeLstm.Model.Quantization;
using EdgeLstm.Model.Scoring;
using EdgeLstm.Model.Serialization;
using EdgeLstm.Trainer.Data;
using EdgeLstm.Trainer.Evaluation;
using EdgeLstm.Trainer.Reporting;
using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Builds the <c>eval</c> command: a model and labelled data in, metrics and a report out.</summary>
internal static class EvalCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model", "-m") { Description = "Model file to evaluate.", Required = true };
        var data = new DataOptions("data", "Labelled data", required: true);
        var stride = new Option<int>("--stride") { Description = "Records between the starts of two sequences.", DefaultValueFactory = _ => 1 };
        var anyAttack = new Option<bool>("--label-any-attack") { Description = "Label a sequence as attack when any record in it is." };
        var threshold = new Option<double?>("--threshold") { Description = "Alert threshold (default: the one stored in the model)." };
        var integer = new Option<bool>("--integer") { Description = "Also score with the stored integer model (see quantize) and compare it with the float model." };
        var report = new Option<FileInfo?>("--report") { Description = "Report path stem (default: next to the model, <model>.eval)." };
        var scores = new Option<FileInfo?>("--scores")
        {
            Description = "Also write every row's score as the agent computes it (integer kernel for a quantized model) to this CSV: "
                + WindowScores.Header + " (times in Unix seconds).",
        };
        var command = new Command("eval", "Evaluate a model on labelled data with the preprocessing stored in it, and write a report.") { model, data.Paths, stride, anyAttack, threshold, report, integer, scores };
        data.AddFormatOptions(command);
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            string path = parse.GetRequiredValue(model).FullName;
            SequenceModel<float> loaded = ModelFile.Load(path);
            DatasetSpec spec = data.Bind(parse)!;
            SequenceSet set = TrainingPipeline.ReadForModel(
                spec, loaded, parse.GetValue(stride), parse.GetValue(anyAttack) ? WindowLabelRule.AnyAttack : WindowLabelRule.LastRecord);
            double limit = parse.GetValue(threshold) ?? loaded.Config.Threshold
                ?? throw new UsageException("The model has no calibrated threshold; pass --threshold.");
            if (parse.GetValue(integer) && loaded.Config.Quantization is null)
            {
                throw new UsageException($"--integer: {path} has no integer model; quantize it first (edgelstm-train quantize).");
            }

            if (parse.GetValue(scores) is FileInfo scoresFile)
            {
                ModelData rows = TrainingPipeline.ReadRowsForModel(spec, loaded);
                ISequenceScorer scorer = WindowScores.AgentScorer(loaded);
                (int[] order, float[] rowScores, bool[] anomalous) = WindowScores.Score(scorer, rows, limit);
                WindowScores.Write(scoresFile.FullName, rows, order, rowScores, anomalous, limit);
                Console.WriteLine($"Scores: {scoresFile.FullName} ({order.Length:N0} rows, {scorer.Arithmetic})");
            }
            EvaluationResult evaluation = Evaluator.Evaluate(loaded, set, set.ClassNames, limit);
            string stem = parse.GetValue(report)?.FullName ?? TrainCommand.Stem(path) + ".eval";
            string written = ReportWriter.Write(stem, $"Evaluation of {Path.GetFileName(path)}", loaded, evaluation, training: null);
            Headline.Print(Console.Out, evaluation, string.Join(", ", parse.GetValue(data.Paths)!.Select(Path.GetFileName)));
            if (parse.GetValue(integer))
            {
                IntegerComparison.Measure(loaded, IntegerSequenceScorer.FromModel(loaded), set, limit).Print(Console.Out);
            }

            Console.WriteLine($"Report: {written}");
            return 0;
        }));
        return command;
    }
}
