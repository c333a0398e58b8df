using System.CommandLine;
using System.Globalization;
using EdgeLstm.Model;
using EdgeLstm.Model.Cells;
using EdgeLstm.Model.Serialization;
using EdgeLstm.Model.Verification;
using EdgeLstm.Trainer.Reporting;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Builds the <c>inspect</c> command, which prints a model file's configuration and parameters.</summary>
internal static class InspectCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Argument<FileInfo>("model") { Description = "Path of the .safetensors model file to describe." };
        var command = new Command("inspect", "Print a model file's configuration, tensors, parameter counts and size.") { model };
        command.SetAction(parse => CommandErrors.Run(() => Describe(parse.GetRequiredValue(model).FullName, Console.Out)));
        return command;
    }

    /// <summary>Writes a description of a model file and the agent's verdict on it; returns the process exit code: 0, or
    /// 2 with one line on standard error for a file that cannot be read (never an unhandled exception).</summary>
    public static int Describe(string path, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        byte[] bytes;
        SequenceModel<float> model;
        try
        {
            bytes = File.ReadAllBytes(path);
            model = ModelFile.Read(bytes);
        }
        catch (Exception error) when (error is ModelFormatException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {path}: {error.Message}");
            return CommandErrors.ExitCode;
        }

        // A readable file is described even when the agent would refuse it: the verdict says why.
        string verdict;
        try
        {
            verdict = $"accepts it as {ModelVerifier.Verify(bytes, path).Identity.Id}";
        }
        catch (ModelVerificationException error)
        {
            verdict = $"refuses it: {error.Message}";
        }

        try
        {
            Write(path, bytes.Length, model, verdict, writer);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"error: {path}: cannot describe the model: unexpected {error.GetType().Name}: {error.Message}");
            return CommandErrors.ExitCode;
        }

        return 0;
    }

    private static void Write(string path, long length, SequenceModel<float> model, string verdict, TextWriter writer)
    {
        ModelConfig config = model.Config;
        CultureInfo invariant = CultureInfo.InvariantCulture;
        writer.WriteLine($"model      {path}");
        writer.WriteLine($"bytes      {length.ToString("N0", invariant)}");
        writer.WriteLine($"agent      {verdict}");
        writer.WriteLine($"cell       {config.Cell}{(CellDescriptor.For(config.Cell).SupportsPeephole ? (config.Peephole ? " (peephole)" : " (no peephole)") : "")}, m = {config.InputSize}, n = {config.HiddenSize}");
        writer.WriteLine($"head       {config.Head}, {config.OutputSize} output(s){(config.ClassNames.Count > 0 ? ": " + string.Join(", ", config.ClassNames) : "")}");
        writer.WriteLine($"sequence   {config.SequenceLength} steps");
        writer.WriteLine($"parameters {model.Parameters.Length.ToString("N0", invariant)} (cell {model.CellParameterCount.ToString("N0", invariant)}, design formula {config.CellParameterCount.ToString("N0", invariant)}; head {(model.Parameters.Length - model.CellParameterCount).ToString("N0", invariant)})");
        int nonZero = model.Parameters.Count(p => p != 0);
        writer.WriteLine($"non-zero   {nonZero.ToString("N0", invariant)} of {model.Parameters.Length.ToString("N0", invariant)} parameters ({(100.0 * nonZero / model.Parameters.Length).ToString("F1", invariant)}%)");
        writer.WriteLine($"storage    {Storage(config.Compression)}");
        writer.WriteLine($"integer    {(config.Quantization is { } quantization ? QuantizeCommand.Describe(quantization) : "not quantized")}");
        writer.WriteLine($"MACs/step  {model.MultiplyAccumulatesPerStep.ToString("N0", invariant)}");
        writer.WriteLine($"threshold  {(config.Threshold is double threshold ? threshold.ToString("G6", invariant) : "not calibrated")}");
        if (config.Features is { } features)
        {
            writer.WriteLine($"features   schema {features.Schema} v{features.Version}, {features.Names.Count} features, window {features.WindowSeconds.ToString(invariant)} s");
            for (int i = 0; i < features.Names.Count; i++)
            {
                string transform = features.Transforms[i] == "none" ? "" : $"{features.Transforms[i]}, ";
                writer.WriteLine($"  {i,4} {features.Names[i]} ({transform}mean {features.Means[i].ToString("G6", invariant)}, std {features.StandardDeviations[i].ToString("G6", invariant)})");
            }
        }

        if (config.Provenance is { } provenance)
        {
            string created = provenance.Created is { } time ? $", created {time.ToString("u", invariant)}" : "";
            string label = provenance.Name.Length > 0 ? $"name '{provenance.Name}'{created}, " : created.Length > 0 ? created[2..] + ", " : "";
            writer.WriteLine($"provenance {label}seed {provenance.Seed}, tool '{provenance.Tool}'{(provenance.DataHash.Length > 0 ? ", data " + provenance.DataHash : "")}");
            foreach ((string name, double? value) in provenance.Metrics)
            {
                writer.WriteLine($"metric     {name} = {MetricText.Format(value ?? double.NaN, "G6")}");
            }
        }

        writer.WriteLine();
        writer.WriteLine($"{"tensor",-16} {"shape",-12} {"values",10} {"non-zero",10} {"density",8}");
        foreach (TensorSpec tensor in model.Tensors)
        {
            int tensorNonZero = tensor.Length - model.Parameters.AsSpan(tensor.Offset, tensor.Length).Count(0f);
            string density = (100.0 * tensorNonZero / tensor.Length).ToString("F1", invariant) + "%";
            writer.WriteLine($"{tensor.Name,-16} {tensor.ShapeText,-12} {tensor.Length.ToString("N0", invariant),10} {tensorNonZero.ToString("N0", invariant),10} {density,8}");
        }
    }

    private static string Storage(ModelCompression? compression) => compression switch
    {
        { Sparse: true, FloatSD8: true } => "sparse CSR cell matrices, FloatSD8 weight matrices (one byte per weight)",
        { Sparse: true } => "sparse CSR cell matrices, F32 values",
        { FloatSD8: true } => "FloatSD8 weight matrices (one byte per weight)",
        _ => "dense F32",
    };
}
