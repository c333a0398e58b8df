using System.Globalization;
using System.Text;
using EdgeLstm.Benchmarks.Cells;
using EdgeLstm.Benchmarks.Kernels;
using EdgeLstm.Benchmarks.Quantization;
using EdgeLstm.Model;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Benchmarks.Reports;

/// <summary>
/// Turns the BenchmarkDotNet results of the int8 peak, the float and integer step grids and the batched runner into
/// Markdown tables with multiply-accumulates per step, achieved GMAC/s, the fraction of the measured int8 peak and
/// the instruction path (<c>step-table &lt;results folder&gt;</c>, run by bench/step-table.sh).
/// </summary>
internal static class StepTable
{
    private const double TargetNanoseconds = 500;
    private const int FloatFormat = 0;
    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    private static readonly (string Method, string Path, string Instructions)[] s_peaks =
    [
        (nameof(Int8PeakBenchmarks.Avx512BWVpmaddwdZmm), "AVX-512BW", "VPMADDWD + VPADDD, 512-bit (32 MACs per pair)"),
        (nameof(Int8PeakBenchmarks.Avx2VpmaddwdYmm), "AVX2", "VPMADDWD + VPADDD, 256-bit (16 MACs per pair)"),
        (nameof(Int8PeakBenchmarks.Vector128Portable), "Vector128", "portable widen, int16 multiply, widen, add (16 MACs per step)"),
    ];

    // In table order; FloatFormat indexes the float row.
    private static readonly (string Name, string Label, double Density)[] s_formats =
    [
        ("Float32", "float32", 1.0),
        (nameof(WeightFormat.Int8), "int8", 1.0),
        (nameof(WeightFormat.FloatSD8), "floatsd8", 1.0),
        (nameof(WeightFormat.SparseInt8), "sparse10%", 0.1),
    ];

    /// <summary>Writes the tables for the results folder named by the first argument to standard output.</summary>
    public static int Run(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: step-table <BenchmarkDotNet results folder>");
            return 2;
        }

        List<BenchmarkRecord> records = BenchmarkRecord.ReadAll(args[0]);
        if (records.Count == 0)
        {
            Console.Error.WriteLine($"No BenchmarkDotNet JSON reports in {args[0]}.");
            return 1;
        }

        var output = new StringBuilder();
        double? peak = WritePeaks(output, records);
        WriteSteps(output, records, peak);
        WriteBatch(output, records, peak);
        Console.Write(output.ToString());
        return 0;
    }

    // Returns the measured peak (GMAC/s) of the dense kernels' active path, the reference of the "% of peak" columns.
    private static double? WritePeaks(StringBuilder output, List<BenchmarkRecord> records)
    {
        Line(output, "## Int8 multiply-accumulate peak, operands in registers, one core");
        Line(output, string.Empty);
        Line(output, "| path | instructions | GMAC/s |");
        Line(output, "|---|---|---:|");
        string? active = InstructionPaths.PeakBenchmarkOfActivePath();
        double? activePeak = null;
        foreach ((string method, string path, string instructions) in s_peaks)
        {
            BenchmarkRecord? record = records.Find(r => r.Type == nameof(Int8PeakBenchmarks) && r.Method == method);
            if (record is null)
            {
                continue;
            }

            double gmacs = 1 / record.MedianNanoseconds;
            activePeak = method == active ? gmacs : activePeak;
            Line(output, $"| {path}{(method == active ? " (dense kernels' path)" : string.Empty)} | {instructions} | {gmacs:F1} |");
        }

        Line(output, string.Empty);
        return activePeak;
    }

    private static void WriteSteps(StringBuilder output, List<BenchmarkRecord> records, double? peak)
    {
        var rows = new List<(int M, int N, CellKind Kind, int Format, double Nanoseconds, long Macs, string Path)>();
        foreach (BenchmarkRecord record in records.Where(r => r.Type == nameof(FloatStepBenchmarks)))
        {
            (int m, int n, CellKind kind) = (record.Int("M"), record.Int("N"), Enum.Parse<CellKind>(record.Parameters["Kind"]));
            rows.Add((m, n, kind, FloatFormat, record.MedianNanoseconds, StepMacs.Float(kind, m, n), InstructionPaths.Float));
        }

        foreach (BenchmarkRecord record in records.Where(r => r.Type == nameof(IntegerStepBenchmarks)))
        {
            (int m, int n, CellKind kind) = (record.Int("M"), record.Int("N"), Enum.Parse<CellKind>(record.Parameters["Kind"]));
            WeightFormat format = Enum.Parse<WeightFormat>(record.Parameters["Format"]);
            int formatIndex = Array.FindIndex(s_formats, f => f.Name == record.Parameters["Format"]);
            long macs = StepMacs.Integer(kind, format, m, n, s_formats[formatIndex].Density);
            rows.Add((m, n, kind, formatIndex, record.MedianNanoseconds, macs, InstructionPaths.Integer(format)));
        }

        if (rows.Count == 0)
        {
            return;
        }

        Line(output, "## One step at batch 1, one core");
        Line(output, string.Empty);
        Line(output, "MACs/step counts the weight-matrix products (sparse: the stored non-zeros); GMAC/s = MACs/step ÷ ns/step;");
        Line(output, "% of peak is against the measured int8 peak of the dense kernels' path (float rows: not applicable).");
        Line(output, string.Empty);
        var target = rows.Find(r => r.M == 32 && r.N == 64 && r.Kind == CellKind.Lstm && s_formats[r.Format].Name == nameof(WeightFormat.Int8));
        if (target.Nanoseconds > 0)
        {
            string verdict = target.Nanoseconds <= TargetNanoseconds ? "met" : "not met";
            Line(output, $"Target int8 lstm m=32 n=64 ≤ {TargetNanoseconds:F0} ns per step: {target.Nanoseconds:F1} ns ({verdict}).");
            Line(output, string.Empty);
        }

        Line(output, "| m | n | cell | format | ns/step | MACs/step | GMAC/s | % of int8 peak | path |");
        Line(output, "|---:|---:|---|---|---:|---:|---:|---:|---|");
        foreach (var row in rows.OrderBy(r => r.M).ThenBy(r => r.N).ThenBy(r => r.Kind).ThenBy(r => r.Format))
        {
            double gmacs = row.Macs / row.Nanoseconds;
            string fraction = row.Format == FloatFormat ? "—" : Percent(gmacs, peak);
            Line(output, $"| {row.M} | {row.N} | {row.Kind.ToString().ToLowerInvariant()} | {s_formats[row.Format].Label} | {row.Nanoseconds:F1} | {row.Macs:N0} | {gmacs:F2} | {fraction} | {row.Path} |");
        }

        Line(output, string.Empty);
    }

    private static void WriteBatch(StringBuilder output, List<BenchmarkRecord> records, double? peak)
    {
        List<BenchmarkRecord> batch = [.. records.Where(r => r.Type == nameof(BatchStepBenchmarks)).OrderBy(r => r.Int("N")).ThenBy(r => r.Method)];
        if (batch.Count == 0)
        {
            return;
        }

        Line(output, $"## {BatchStepBenchmarks.Entities:N0} active entities, int8 lstm m={BatchStepBenchmarks.InputSize}, one core");
        Line(output, string.Empty);
        Line(output, "| n | runner | ns per entity-step | entity-steps/s | GMAC/s | % of int8 peak | path |");
        Line(output, "|---:|---|---:|---:|---:|---:|---|");
        foreach (BenchmarkRecord record in batch)
        {
            int n = record.Int("N");
            long macs = StepMacs.Integer(CellKind.Lstm, WeightFormat.Int8, BatchStepBenchmarks.InputSize, n, 1.0);
            double gmacs = macs / record.MedianNanoseconds;
            double rate = 1e9 / record.MedianNanoseconds;
            Line(output, $"| {n} | {record.Method} | {record.MedianNanoseconds:F1} | {rate:N0} | {gmacs:F2} | {Percent(gmacs, peak)} | {InstructionPaths.Integer(WeightFormat.Int8)} |");
        }

        Line(output, string.Empty);
    }

    private static string Percent(double gmacs, double? peak) => peak is double p ? (100 * gmacs / p).ToString("F1", s_invariant) + "%" : "—";

    private static void Line(StringBuilder output, string text) => output.Append(s_invariant, $"{text}\n");
}
