using BenchmarkDotNet.Attributes;
using EdgeLstm.Model.Kernels;

namespace EdgeLstm.Benchmarks.Kernels;

/// <summary>
/// The two products of an lstm step at n = 256 (W: 4n × m with m = 32, U: 4n × n), sparse at 10% density against the
/// dense kernel of the same shape.
/// </summary>
/// <remarks>
/// The weights are an Erdős–Rényi mask as in SET-LSTM. SparseVbmi calls that path directly and fails on a machine
/// without AVX-512 VBMI; Sparse and Dense pick the best path of the machine. The Vector128 pair is the Raspberry Pi 4's.
/// </remarks>
[MemoryDiagnoser]
public class SparseKernelBenchmarks
{
    private const int Rows = 1024;

    private SparseInt8Matrix _sparse = null!;
    private Int8Matrix _dense = null!;
    private sbyte[] _weights = null!;
    private int[] _rowStarts = null!;
    private ushort[] _columnIndices = null!;
    private sbyte[] _values = null!;
    private sbyte[] _vector = null!;
    private int[] _bias = null!;
    private int[] _destination = null!;

    [Params(32, 256)]
    public int Columns { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _weights = new sbyte[Rows * Columns];
        for (int i = 0; i < _weights.Length; i++)
        {
            _weights[i] = random.NextDouble() < 0.1 ? (sbyte)random.Next(1, 128) : (sbyte)0;
        }

        _sparse = SparseInt8Matrix.FromDense(_weights, Rows, Columns);
        _dense = new Int8Matrix(_weights, Rows, Columns);
        (_rowStarts, _columnIndices, _values) = CompressedRows(_weights, Columns);
        _vector = new sbyte[Columns];
        random.NextBytes((byte[])(Array)_vector);
        _bias = new int[Rows];
        _destination = new int[Rows];
    }

    [Benchmark(Baseline = true)]
    public void Dense() => _dense.MultiplyAdd(_vector, _bias, _destination);

    [Benchmark]
    public void Sparse() => _sparse.MultiplyAdd(_vector, _bias, _destination);

    [Benchmark]
    public void SparseVbmi() => SparseVbmiPath.MultiplyAdd(_sparse.Blocks, _vector, _bias, _destination);

    [Benchmark]
    public void SparseVector128() => SparseVector128Path.MultiplyAdd(_sparse.Blocks, _vector, _bias, _destination);

    [Benchmark]
    public void DenseVector128() => MatrixKernels.MultiplyAddBatch<Vector128DotPath, sbyte>(_weights, Rows, Columns, _vector, 1, _bias, _destination);

    [Benchmark]
    public void SparseScalarCsr() => ReferenceKernels.SparseMultiplyAdd(_rowStarts, _columnIndices, _values, Rows, _vector, _bias, _destination);

    private static (int[] RowStarts, ushort[] ColumnIndices, sbyte[] Values) CompressedRows(sbyte[] weights, int columns)
    {
        var rowStarts = new int[Rows + 1];
        var columnIndices = new List<ushort>();
        var values = new List<sbyte>();
        for (int r = 0; r < Rows; r++)
        {
            for (int j = 0; j < columns; j++)
            {
                if (weights[(r * columns) + j] != 0)
                {
                    columnIndices.Add((ushort)j);
                    values.Add(weights[(r * columns) + j]);
                }
            }

            rowStarts[r + 1] = values.Count;
        }

        return (rowStarts, [.. columnIndices], [.. values]);
    }
}
