using System.Numerics;
using EdgeLstm.Model.Kernels;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Benchmarks.Reports;

/// <summary>Names the instruction path each benchmarked figure ran on in this process (same machine and DOTNET_* settings as the benchmarks).</summary>
internal static class InstructionPaths
{
    /// <summary>Gets the path of the float cells: <see cref="Vector{T}"/> matrix products and scalar activations.</summary>
    public static string Float => Vector.IsHardwareAccelerated
        ? $"Vector<float> {Vector<float>.Count * 32}-bit, scalar σ/tanh"
        : "scalar";

    /// <summary>Returns the path of an integer weight format's matrix kernel.</summary>
    public static string Integer(WeightFormat format) => format switch
    {
        WeightFormat.Int8 => Int8Matrix.ActivePath,

        // Decoded FloatSD8 weights are int16: x64 paths multiply them directly, Arm64 has no int16 dot-product path.
        WeightFormat.FloatSD8 => MatrixKernels.ActiveInt16Path + " (int16 weights)",

        _ => SparseInt8Matrix.ActivePath,
    };

    /// <summary>Returns the peak benchmark (<see cref="Kernels.Int8PeakBenchmarks"/> method) of the dense kernels' active path, or null when none measures it.</summary>
    public static string? PeakBenchmarkOfActivePath() => Int8Matrix.ActivePath switch
    {
        var name when name == Avx512DotPath.Name || name == PackedAvx512Path.Name => nameof(Kernels.Int8PeakBenchmarks.Avx512BWVpmaddwdZmm),
        var name when name == Avx2DotPath.Name || name == PackedAvx2Path.Name => nameof(Kernels.Int8PeakBenchmarks.Avx2VpmaddwdYmm),
        var name when name == Vector128DotPath.Name || name == PackedVector128Path.Name => nameof(Kernels.Int8PeakBenchmarks.Vector128Portable),
        _ => null,
    };
}
