using BenchmarkDotNet.Running;

namespace EdgeLstm.Benchmarks;

/// <summary>Runs the benchmarks chosen on the command line (see BenchmarkDotNet's --filter).</summary>
internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
