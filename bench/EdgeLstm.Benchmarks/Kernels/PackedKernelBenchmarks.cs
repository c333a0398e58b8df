using BenchmarkDotNet.Attributes;
using EdgeLstm.Model.Kernels;

namespace EdgeLstm.Benchmarks.Kernels;

/// <summary>One int8 matrix-vector product, 4n × columns (an LSTM's W with columns = m, its U with columns = n), on the
/// packed layout's paths against the best row-major path.</summary>
/// <remarks>The PackedAvx2 and PackedAvx512 methods call those paths directly and fail on a machine without them.</remarks>
[MemoryDiagnoser]
public class PackedKernelBenchmarks
{
    private sbyte[] _weights = null!;
    private PackedInt8Weights _packed = null!;
    private sbyte[] _vector = null!;
    private int[] _bias = null!;
    private int[] _destination = null!;

    [Params(64, 256)]
    public int N { get; set; }

    [Params(32, 64, 256)]
    public int Columns { get; set; }

    private int Rows => 4 * N;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _weights = new sbyte[Rows * Columns];
        random.NextBytes((byte[])(Array)_weights);
        _packed = PackedInt8Weights.Pack(_weights, Rows, Columns);
        _vector = new sbyte[Columns];
        random.NextBytes((byte[])(Array)_vector);
        _bias = new int[Rows];
        _destination = new int[Rows];
    }

    [Benchmark(Baseline = true)]
    public void RowMajorDispatched() => MatrixKernels.MultiplyAdd(_weights, Rows, Columns, _vector, _bias, _destination);

    [Benchmark]
    public void PackedVector128() => PackedInt8Weights.MultiplyAddBatch<PackedVector128Path>(_packed, _vector, 1, _bias, _destination);

    [Benchmark]
    public void PackedAvx2() => PackedInt8Weights.MultiplyAddBatch<PackedAvx2Path>(_packed, _vector, 1, _bias, _destination);

    [Benchmark]
    public void PackedAvx512() => PackedInt8Weights.MultiplyAddBatch<PackedAvx512Path>(_packed, _vector, 1, _bias, _destination);
}
