using BenchmarkDotNet.Attributes;
using EdgeLstm.Model.Kernels;

namespace EdgeLstm.Benchmarks.Kernels;

/// <summary>One int8 matrix-vector product (4n × n, the recurrent product of an LSTM) on each instruction path, and sparse at 10% density.</summary>
/// <remarks>The Avx2 and Avx512 methods call those paths directly and fail on a machine without them; Dispatched picks the best path.</remarks>
[MemoryDiagnoser]
public class MatrixKernelBenchmarks
{
    private sbyte[] _weights = null!;
    private short[] _decoded = null!;
    private sbyte[] _vector = null!;
    private int[] _bias = null!;
    private int[] _destination = null!;
    private SparseInt8Matrix _sparse = null!;
    private Int8Matrix _sparseAsDense = null!;

    [Params(64, 256)]
    public int N { get; set; }

    private int Rows => 4 * N;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _weights = new sbyte[Rows * N];
        random.NextBytes((byte[])(Array)_weights);
        _decoded = new short[Rows * N];
        for (int i = 0; i < _decoded.Length; i++)
        {
            _decoded[i] = EdgeLstm.Model.Quantization.FloatSD8.DecodeInteger((byte)random.Next(256));
        }

        _vector = new sbyte[N];
        random.NextBytes((byte[])(Array)_vector);
        _bias = new int[Rows];
        _destination = new int[Rows];
        var sparseWeights = new sbyte[Rows * N];
        for (int i = 0; i < sparseWeights.Length; i++)
        {
            sparseWeights[i] = random.NextDouble() < 0.1 ? (sbyte)random.Next(-127, 128) : (sbyte)0;
        }

        _sparse = SparseInt8Matrix.FromDense(sparseWeights, Rows, N);
        _sparseAsDense = new Int8Matrix(sparseWeights, Rows, N);
    }

    [Benchmark(Baseline = true)]
    public void Reference() => ReferenceKernels.MultiplyAdd(_weights, Rows, N, _vector, _bias, _destination);

    [Benchmark]
    public void Vector128() => MatrixKernels.MultiplyAddBatch<Vector128DotPath, sbyte>(_weights, Rows, N, _vector, 1, _bias, _destination);

    [Benchmark]
    public void Avx2() => MatrixKernels.MultiplyAddBatch<Avx2DotPath, sbyte>(_weights, Rows, N, _vector, 1, _bias, _destination);

    [Benchmark]
    public void Avx512() => MatrixKernels.MultiplyAddBatch<Avx512DotPath, sbyte>(_weights, Rows, N, _vector, 1, _bias, _destination);

    [Benchmark]
    public void Dispatched() => MatrixKernels.MultiplyAdd(_weights, Rows, N, _vector, _bias, _destination);

    [Benchmark]
    public void FloatSD8Dispatched() => MatrixKernels.MultiplyAdd(_decoded, Rows, N, _vector, _bias, _destination);

    [Benchmark]
    public void Sparse10Percent() => _sparse.MultiplyAdd(_vector, _bias, _destination);

    [Benchmark]
    public void DenseOfSparseWeights() => _sparseAsDense.MultiplyAdd(_vector, _bias, _destination);
}
