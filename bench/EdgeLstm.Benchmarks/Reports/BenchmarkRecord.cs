using System.Globalization;
using System.Text.Json;

namespace EdgeLstm.Benchmarks.Reports;

/// <summary>One benchmark case read back from BenchmarkDotNet's JSON report: its class, method, parameters and median time.</summary>
/// <param name="Type">The benchmark class name, without namespace.</param>
/// <param name="Method">The benchmark method name.</param>
/// <param name="Parameters">The [Params] values by name, as BenchmarkDotNet prints them.</param>
/// <param name="MedianNanoseconds">The median time per operation (per <c>OperationsPerInvoke</c> unit), in nanoseconds.</param>
internal sealed record BenchmarkRecord(string Type, string Method, IReadOnlyDictionary<string, string> Parameters, double MedianNanoseconds)
{
    /// <summary>Returns a parameter parsed as an integer.</summary>
    public int Int(string name) => int.Parse(Parameters[name], CultureInfo.InvariantCulture);

    /// <summary>Reads every case of the full JSON reports (<c>--exporters json</c>) in a BenchmarkDotNet results folder.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static List<BenchmarkRecord> ReadAll(string resultsDirectory)
    {
        var records = new List<BenchmarkRecord>();
        foreach (string file in Directory.EnumerateFiles(resultsDirectory, "*-report-full*.json"))
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(file));
            foreach (JsonElement benchmark in document.RootElement.GetProperty("Benchmarks").EnumerateArray())
            {
                // A case that failed has no statistics; it is left out of the tables rather than shown as zero.
                if (!benchmark.TryGetProperty("Statistics", out JsonElement statistics) || statistics.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                records.Add(new BenchmarkRecord(
                    benchmark.GetProperty(nameof(Type)).GetString()!,
                    benchmark.GetProperty(nameof(Method)).GetString()!,
                    ParseParameters(benchmark.GetProperty(nameof(Parameters)).GetString() ?? string.Empty),
                    statistics.GetProperty("Median").GetDouble()));
            }
        }

        return records;
    }

    // BenchmarkDotNet writes the parameters as "M=16&N=32&Kind=Lstm".
    private static Dictionary<string, string> ParseParameters(string text) =>
        text.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : string.Empty);
}
