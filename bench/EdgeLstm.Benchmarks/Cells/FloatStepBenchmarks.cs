using BenchmarkDotNet.Attributes;
using EdgeLstm.Model;
using EdgeLstm.Model.Cells;

namespace EdgeLstm.Benchmarks.Cells;

/// <summary>Latency of one float32 cell step at batch 1 over the grid of <see cref="Quantization.IntegerStepBenchmarks"/>,
/// the float reference for the integer engine.</summary>
/// <remarks>
/// Times the cell's own one-step forward (<see cref="RecurrentCell{T}.Forward"/> with batch 1), the step the trainer
/// runs: it also writes the values the backward pass would need, so it is an upper bound on a float inference step.
/// The state buffers alternate so that each step reads the state the previous one wrote.
/// </remarks>
[MemoryDiagnoser]
public class FloatStepBenchmarks
{
    private RecurrentCell<float> _cell = null!;
    private float[] _parameters = null!;
    private float[] _input = null!;
    private float[] _hidden = null!;
    private float[] _nextHidden = null!;
    private float[] _cellState = null!;
    private float[] _nextCellState = null!;
    private float[] _cache = null!;

    [Params(16, 32, 64)]
    public int M { get; set; }

    [Params(32, 64, 128, 256)]
    public int N { get; set; }

    [Params(CellKind.Lstm, CellKind.Lite, CellKind.Slim1, CellKind.Slim2, CellKind.Slim3)]
    public CellKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // The peephole matches the integer benchmarks' lite cell (BenchmarkCells gives it one).
        _cell = CellFactory.Create<float>(Kind, M, N, peephole: true);
        _parameters = new float[_cell.ParameterCount];
        _cell.Initialize(_parameters, new Random(42));
        var random = new Random(7);
        _input = [.. Enumerable.Range(0, M).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        _hidden = new float[N];
        _nextHidden = new float[N];
        _cellState = new float[N];
        _nextCellState = new float[N];
        _cache = new float[_cell.CacheWidth];
    }

    [Benchmark]
    public void Step()
    {
        _cell.Forward(_parameters, 1, _input, _hidden, _cellState, _nextHidden, _nextCellState, _cache);
        (_hidden, _nextHidden) = (_nextHidden, _hidden);
        (_cellState, _nextCellState) = (_nextCellState, _cellState);
    }
}
