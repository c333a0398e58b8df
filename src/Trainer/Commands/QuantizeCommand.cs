using System.CommandLine;
using EdgeLstm.Model;
using EdgeLstm.Model.Quantization;
using EdgeLstm.Model.Serialization;
using EdgeLstm.Trainer.Data;
using EdgeLstm.Trainer.Evaluation;
using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Builds the <c>quantize</c> command: calibrates the integer model on data and stores its parameters in the model file.</summary>
internal static class QuantizeCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model", "-m") { Description = "Model file to quantize.", Required = true };
        var data = new DataOptions("data", "Calibration data (normally the training data)", required: true);
        var stride = new Option<int>("--stride") { Description = "Records between the starts of two sequences.", DefaultValueFactory = _ => 1 };
        var maxSequences = new Option<int>("--max-sequences") { Description = "Calibrate on at most this many sequences, evenly spaced over the data.", DefaultValueFactory = _ => 20_000 };
        var tail = new Option<double>("--input-tail") { Description = "Fraction of calibration values clipped at each end of the int8 input range.", DefaultValueFactory = _ => 0.001 };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Model file to write (default: replace the input model)." };
        var command = new Command("quantize", "Calibrate post-training int8 quantization on data and store it in the model file.") { model, data.Paths, stride, maxSequences, tail, output };
        data.AddFormatOptions(command);
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            string path = parse.GetRequiredValue(model).FullName;
            SequenceModel<float> loaded = ModelFile.Load(path);
            SequenceSet set = TrainingPipeline.ReadForModel(data.Bind(parse)!, loaded, parse.GetValue(stride), WindowLabelRule.LastRecord);
            SequenceSet calibration = Subsample(set, parse.GetValue(maxSequences));
            IntegerSequenceScorer scorer = IntegerSequenceScorer.Quantize(loaded, calibration.Inputs, calibration.Count, calibration.Steps, parse.GetValue(tail));
            var quantized = new SequenceModel<float>(loaded.Config with { Quantization = scorer.Quantization }, loaded.Parameters);
            string written = parse.GetValue(output)?.FullName ?? path;
            ModelFile.Save(quantized, written);
            Console.WriteLine($"Calibrated on {calibration.Count:N0} of {set.Count:N0} sequences: {Describe(scorer.Quantization)}");
            if (loaded.Config.Threshold is double threshold)
            {
                IntegerComparison.Measure(loaded, scorer, set, threshold).Print(Console.Out);
            }

            Console.WriteLine($"Model: {written}");
            return 0;
        }));
        return command;
    }

    /// <summary>Describes a quantization section in one line.</summary>
    public static string Describe(ModelQuantization quantization)
    {
        ArgumentNullException.ThrowIfNull(quantization);
        return $"scheme {Name(quantization.Scheme)}, input scale {quantization.InputScale:G6} zero point {quantization.InputZeroPoint}, " +
            $"cell exponent {quantization.CellExponent} (|c| < {Math.ScaleB(1.0, 15 - quantization.CellExponent):G6}), hidden scale 1/128";
    }

    /// <summary>Returns at most <paramref name="limit"/> sequences, evenly spaced, in order.</summary>
    /// <exception cref="ArgumentException">The limit is not positive.</exception>
    internal static SequenceSet Subsample(SequenceSet set, int limit)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (limit <= 0)
        {
            throw new ArgumentException($"--max-sequences must be positive, not {limit}.", nameof(limit));
        }

        if (set.Count <= limit)
        {
            return set;
        }

        int[] indices = Enumerable.Range(0, limit).Select(i => (int)((long)i * set.Count / limit)).ToArray();
        return set.Select(indices);
    }

    private static string Name(QuantizationScheme scheme) => scheme switch
    {
        QuantizationScheme.FloatSD8 => "floatsd8",
        QuantizationScheme.SparseInt8 => "sparse int8",
        _ => "int8",
    };
}
