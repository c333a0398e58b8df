using System.CommandLine;
using System.Globalization;
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
        var tail = new Option<double>("--input-tail") { Description = "Fraction of each feature's calibration values at each end left out of its robust range, the range --input-headroom stretches (all calibration values stay in range).", DefaultValueFactory = _ => ModelQuantization.DefaultInputTailFraction };
        var headroom = new Option<double>("--input-headroom") { Description = "How far each feature's robust range is stretched about 0, as a fraction of it (2 triples it), so that new traffic beyond the calibration data is not clipped.", DefaultValueFactory = _ => ModelQuantization.DefaultInputHeadroom };
        var test = new Option<string[]>("--test") { Description = "Held-out data file(s) in the same format (another capture): the integer model is also compared with the float model on them.", AllowMultipleArgumentsPerToken = true };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Model file to write (default: replace the input model)." };
        var command = new Command("quantize", "Calibrate post-training int8 quantization on data and store it in the model file.") { model, data.Paths, test, stride, maxSequences, tail, headroom, output };
        data.AddFormatOptions(command);
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            string path = parse.GetRequiredValue(model).FullName;
            var settings = new QuantizationSettings
            {
                MaxSequences = parse.GetValue(maxSequences),
                InputTail = parse.GetValue(tail),
                InputHeadroom = parse.GetValue(headroom),
                Test = data.Bind(parse, test),
            };
            Quantize(path, data.Bind(parse)!, parse.GetValue(stride), settings, parse.GetValue(output)?.FullName ?? path);
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Calibrates a model file's integer model on data, writes the model with its quantization section and prints the
    /// parameters and the integer-vs-float comparison on the calibration data and on the held-out data, if any.
    /// </summary>
    /// <param name="path">The model file.</param>
    /// <param name="spec">The calibration data.</param>
    /// <param name="stride">Records between the starts of two sequences.</param>
    /// <param name="settings">The calibration settings and the held-out data.</param>
    /// <param name="output">The model file to write.</param>
    public static void Quantize(string path, DatasetSpec spec, int stride, QuantizationSettings settings, string output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.InputTail is < 0 or >= 0.5 || settings.InputHeadroom is not (>= 0 and <= PostTrainingQuantizer.MaxInputHeadroom))
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"--input-tail {settings.InputTail} must be in [0, 0.5) and --input-headroom {settings.InputHeadroom} in [0, {PostTrainingQuantizer.MaxInputHeadroom}]."));
        }

        SequenceModel<float> loaded = ModelFile.Load(path);
        SequenceSet set = TrainingPipeline.ReadForModel(spec, loaded, stride, WindowLabelRule.LastRecord);

        // Read before the calibration, so that an error in the held-out data comes before the work.
        SequenceSet? heldOut = settings.Test is null ? null : TrainingPipeline.ReadForModel(settings.Test, loaded, stride, WindowLabelRule.LastRecord);
        SequenceSet calibration = Subsample(set, settings.MaxSequences);
        IntegerSequenceScorer scorer = Calibrate(loaded, calibration, settings);
        var quantized = new SequenceModel<float>(loaded.Config with { Quantization = scorer.Quantization }, loaded.Parameters);
        _ = ModelOutput.Save(quantized, output);
        Console.WriteLine($"Calibrated on {calibration.Count:N0} of {set.Count:N0} sequences: {Describe(scorer.Quantization)}");
        if (loaded.Config.Threshold is double threshold)
        {
            Console.Write("On the calibration data: ");
            IntegerComparison.Measure(loaded, scorer, set, threshold).Print(Console.Out);
            if (heldOut is not null)
            {
                Console.Write($"On the held-out data ({string.Join(", ", settings.Test!.Paths.Select(Path.GetFileName))}): ");
                IntegerComparison.Measure(loaded, scorer, heldOut, threshold).Print(Console.Out);
            }
        }

        Console.WriteLine($"Model: {output}");
    }

    // The calibration data is the user's: the quantizer's refusal of it (constant, not finite) is a user error, typed
    // here by the parameter it names; any other argument error stays a defect.
    private static IntegerSequenceScorer Calibrate(SequenceModel<float> model, SequenceSet calibration, QuantizationSettings settings)
    {
        try
        {
            return IntegerSequenceScorer.Quantize(model, calibration.Inputs, calibration.Count, calibration.Steps, settings.InputTail, settings.InputHeadroom);
        }
        catch (ArgumentException exception) when (exception.ParamName is "calibrationInputs" or "values")
        {
            throw new UsageException($"The data cannot calibrate the integer model: {exception.Message}", exception);
        }
    }

    /// <summary>Describes a quantization section in one line.</summary>
    public static string Describe(ModelQuantization quantization)
    {
        ArgumentNullException.ThrowIfNull(quantization);
        string input = quantization.InputScales is { } scales
            ? $"input scales per feature {scales.Min():G3} to {scales.Max():G3}"
            : $"input scale {quantization.InputScale:G6} zero point {quantization.InputZeroPoint}";
        return $"scheme {Name(quantization.Scheme)}, {input}, " +
            $"cell exponent {quantization.CellExponent} (|c| < {Math.ScaleB(1.0, 15 - quantization.CellExponent):G6}), hidden scale 1/128";
    }

    /// <summary>Returns at most <paramref name="limit"/> sequences, evenly spaced, in order.</summary>
    /// <exception cref="UsageException">The limit is not positive.</exception>
    internal static SequenceSet Subsample(SequenceSet set, int limit)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (limit <= 0)
        {
            throw new UsageException($"--max-sequences must be positive, not {limit}.");
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
