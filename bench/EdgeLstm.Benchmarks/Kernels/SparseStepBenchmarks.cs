using BenchmarkDotNet.Attributes;
using EdgeLstm.Benchmarks.Quantization;
using EdgeLstm.Model;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Benchmarks.Kernels;

/// <summary>One whole integer lstm step at batch 1, m = 32, n = 256: sparse int8 at 10% density against dense int8.</summary>
[MemoryDiagnoser]
public class SparseStepBenchmarks
{
    private QuantizedCellRunner _dense = null!;
    private QuantizedCellRunner _sparse = null!;
    private sbyte[] _input = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dense = new QuantizedCellRunner(BenchmarkCells.Create(CellKind.Lstm, WeightFormat.Int8, 32, 256));
        _sparse = new QuantizedCellRunner(BenchmarkCells.Create(CellKind.Lstm, WeightFormat.SparseInt8, 32, 256, density: 0.1));
        _input = BenchmarkCells.Inputs(32);
    }

    [Benchmark(Baseline = true)]
    public void DenseStep() => _dense.Step(_input);

    [Benchmark]
    public void SparseStep() => _sparse.Step(_input);
}
