using BenchmarkDotNet.Attributes;
using EdgeLstm.Model;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Benchmarks.Quantization;

/// <summary>Latency of one integer cell step at batch 1 for every cell kind, weight format and size of the issue.</summary>
/// <remarks>Kind and Format are names, because the enums are internal to EdgeLstm.Model.</remarks>
[MemoryDiagnoser]
public class IntegerStepBenchmarks
{
    private QuantizedCellRunner _runner = null!;
    private sbyte[] _input = null!;

    [Params(16, 32, 64)]
    public int M { get; set; }

    [Params(32, 64, 128, 256)]
    public int N { get; set; }

    [Params("Lstm", "Lite", "Slim1", "Slim2", "Slim3")]
    public string Kind { get; set; } = "Lstm";

    [Params("Int8", "FloatSD8", "SparseInt8")]
    public string Format { get; set; } = "Int8";

    [GlobalSetup]
    public void Setup()
    {
        WeightFormat format = Enum.Parse<WeightFormat>(Format);
        double density = format == WeightFormat.SparseInt8 ? 0.1 : 1.0;
        _runner = new QuantizedCellRunner(BenchmarkCells.Create(Enum.Parse<CellKind>(Kind), format, M, N, density));
        _input = BenchmarkCells.Inputs(M);
    }

    [Benchmark]
    public void Step() => _runner.Step(_input);
}
