using BenchmarkDotNet.Attributes;
using EdgeLstm.Model;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Benchmarks.Quantization;

/// <summary>Steps 1,000 active entities (int8 LSTM, m = 32, n = 64): batched runner against one runner per entity.</summary>
/// <remarks>Divide the time by 1,000 for the time per entity-step.</remarks>
[MemoryDiagnoser]
public class BatchStepBenchmarks
{
    private const int Entities = 1000;
    private QuantizedBatchRunner _batch = null!;
    private QuantizedCellRunner[] _single = null!;
    private sbyte[] _inputs = null!;

    [GlobalSetup]
    public void Setup()
    {
        QuantizedCell cell = BenchmarkCells.Create(CellKind.Lstm, WeightFormat.Int8, 32, 64);
        _batch = new QuantizedBatchRunner(cell, Entities);
        _single = [.. Enumerable.Range(0, Entities).Select(_ => new QuantizedCellRunner(cell))];
        _inputs = BenchmarkCells.Inputs(Entities * 32);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Entities)]
    public void OneRunnerPerEntity()
    {
        for (int e = 0; e < Entities; e++)
        {
            _single[e].Step(_inputs.AsSpan(e * 32, 32));
        }
    }

    [Benchmark(OperationsPerInvoke = Entities)]
    public void BatchedRunner() => _batch.Step(_inputs, Entities);
}
