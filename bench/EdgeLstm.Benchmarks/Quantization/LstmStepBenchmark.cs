using BenchmarkDotNet.Attributes;
using EdgeLstm.Model;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Benchmarks.Quantization;

/// <summary>The target: one int8 LSTM step, m = 32, n = 64, batch 1 (≤ 0.5 µs on the development machine).</summary>
[MemoryDiagnoser]
public class LstmStepBenchmark
{
    private QuantizedCellRunner _runner = null!;
    private sbyte[] _input = null!;
    private float[] _features = null!;

    [GlobalSetup]
    public void Setup()
    {
        _runner = new QuantizedCellRunner(BenchmarkCells.Create(CellKind.Lstm, WeightFormat.Int8, 32, 64));
        _input = BenchmarkCells.Inputs(32);
        _features = [.. _input.Select(q => q / 32f)];
    }

    [Benchmark]
    public void Int8LstmStep() => _runner.Step(_input);

    /// <summary>The same step from standardized features: the input quantization (per-feature scales) included.</summary>
    [Benchmark]
    public void Int8LstmStepFromFeatures() => _runner.Step(_features);
}
