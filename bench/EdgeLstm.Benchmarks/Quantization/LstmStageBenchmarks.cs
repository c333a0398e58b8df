using BenchmarkDotNet.Attributes;
using EdgeLstm.Model;
using EdgeLstm.Model.Kernels;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Benchmarks.Quantization;

/// <summary>
/// Splits one int8 lstm step (m = 32, batch 1) into its stages, each timed alone on the machine's active path: the two
/// matrix products, the requantisation of both projections into Q3.12 pre-activations, the gate activations, the cell
/// update, tanh(c') and the hidden state. <see cref="Step"/> is the whole step for comparison.
/// </summary>
/// <remarks>
/// The in-place stages (activations, tanh) start each call from a copy of their input, so a call also copies
/// (GateCount + 1) · n int16 values (a few tens of nanoseconds); the cell update works on the live state.
/// </remarks>
[MemoryDiagnoser]
public class LstmStageBenchmarks
{
    private const int InputSize = 32;

    private QuantizedCell _cell = null!;
    private QuantizedCellRunner _runner = null!;
    private sbyte[] _input = null!;
    private sbyte[] _hidden = null!;
    private int[] _inputAccumulators = null!;
    private int[] _recurrentAccumulators = null!;
    private short[] _preactivations = null!;
    private short[] _gates = null!;
    private short[] _cellState = null!;
    private short[] _tanhArgument = null!;
    private short[] _scratch = null!;

    [Params(64, 256)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _cell = BenchmarkCells.Create(CellKind.Lstm, WeightFormat.Int8, InputSize, N);
        _runner = new QuantizedCellRunner(_cell);
        _input = BenchmarkCells.Inputs(InputSize);
        for (int t = 0; t < 8; t++)
        {
            _runner.Step(_input);
        }

        _hidden = _runner.Hidden.ToArray();
        _cellState = _runner.CellState.ToArray();
        _inputAccumulators = new int[4 * N];
        _recurrentAccumulators = new int[4 * N];
        _cell.Input.Weights.MultiplyAdd(_input, _cell.Input.Bias, _inputAccumulators);
        _cell.Recurrent.Weights.MultiplyAdd(_hidden, _cell.Recurrent.Bias, _recurrentAccumulators);
        _preactivations = new short[4 * N];
        Requantize();
        _gates = (short[])_preactivations.Clone();
        ActivationKernels.ActivateGates(_gates, 2 * N, N);
        _tanhArgument = new short[N];
        _scratch = new short[4 * N];
    }

    /// <summary>Runs the whole step.</summary>
    [Benchmark(Baseline = true)]
    public void Step() => _runner.Step(_input);

    /// <summary>Computes W x + b (4n × 32).</summary>
    [Benchmark]
    public void InputProduct() => _cell.Input.Weights.MultiplyAdd(_input, _cell.Input.Bias, _inputAccumulators);

    /// <summary>Computes U h + b (4n × n).</summary>
    [Benchmark]
    public void RecurrentProduct() => _cell.Recurrent.Weights.MultiplyAdd(_hidden, _cell.Recurrent.Bias, _recurrentAccumulators);

    /// <summary>Requantises both projections into the 4n Q3.12 pre-activations.</summary>
    [Benchmark]
    public void Requantize() => RequantizeKernels.ToQ312Sum(
        new ProjectionTerms(_inputAccumulators, _cell.Input.Multipliers, _cell.Input.Shift),
        new ProjectionTerms(_recurrentAccumulators, _cell.Recurrent.Multipliers, _cell.Recurrent.Shift),
        _preactivations);

    /// <summary>Activates the 4n gates (σ, σ, tanh, σ), from a copy of the pre-activations.</summary>
    [Benchmark]
    public void Activate()
    {
        _preactivations.CopyTo(_scratch, 0);
        ActivationKernels.ActivateGates(_scratch, 2 * N, N);
    }

    /// <summary>Updates the n cell states and writes tanh's Q3.12 argument.</summary>
    [Benchmark]
    public void CellUpdate() => CellUpdateKernels.UpdateCell(
        _gates.AsSpan(0, N), _gates.AsSpan(N, N), _gates.AsSpan(2 * N, N), _cellState, _tanhArgument, _cell.CellExponent);

    /// <summary>Applies tanh to the n cell values, from a copy of its argument.</summary>
    [Benchmark]
    public void TanhCell()
    {
        _tanhArgument.CopyTo(_scratch, 0);
        ActivationKernels.Tanh(_scratch.AsSpan(0, N));
    }

    /// <summary>Computes the n hidden values from o and tanh(c').</summary>
    [Benchmark]
    public void Hidden() => CellUpdateKernels.Hidden(_gates.AsSpan(3 * N, N), _tanhArgument, _hidden);
}
