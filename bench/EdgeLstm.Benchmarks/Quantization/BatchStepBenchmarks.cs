using BenchmarkDotNet.Attributes;
using EdgeLstm.Model;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Benchmarks.Quantization;

/// <summary>Steps 1,000 active entities (int8 LSTM, m = 32, n = 64 and 256): batched runner against one runner per entity.</summary>
/// <remarks>Times are per entity-step (each invocation steps all 1,000 entities); 10⁹ / ns is entity-steps per second.</remarks>
[MemoryDiagnoser]
public class BatchStepBenchmarks
{
    public const int Entities = 1000;
    public const int InputSize = 32;
    private QuantizedBatchRunner _batch = null!;
    private QuantizedCellRunner[] _single = null!;
    private sbyte[] _inputs = null!;

    [Params(64, 256)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        QuantizedCell cell = BenchmarkCells.Create(CellKind.Lstm, WeightFormat.Int8, InputSize, N);
        _batch = new QuantizedBatchRunner(cell, Entities);
        _single = [.. Enumerable.Range(0, Entities).Select(_ => new QuantizedCellRunner(cell))];
        _inputs = BenchmarkCells.Inputs(Entities * InputSize);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Entities)]
    public void OneRunnerPerEntity()
    {
        for (int e = 0; e < Entities; e++)
        {
            _single[e].Step(_inputs.AsSpan(e * InputSize, InputSize));
        }
    }

    [Benchmark(OperationsPerInvoke = Entities)]
    public void BatchedRunner() => _batch.Step(_inputs, Entities);
}
