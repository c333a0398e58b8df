using EdgeLstm.Model.Kernels;

namespace EdgeLstm.Model.Tests.Kernels;

/// <summary>Names the SIMD paths and runs one of them directly, bypassing the dispatch.</summary>
public enum KernelPath
{
    Vector128,
    ArmDotProduct,
    Avx2,
    AvxVnni,
    Avx512,
}

internal static class KernelPaths
{
    public static TheoryData<KernelPath> Int8 => new() { KernelPath.Vector128, KernelPath.ArmDotProduct, KernelPath.Avx2, KernelPath.AvxVnni, KernelPath.Avx512 };

    public static TheoryData<KernelPath> Int16 => new() { KernelPath.Vector128, KernelPath.Avx2, KernelPath.AvxVnni, KernelPath.Avx512 };

    public static bool IsSupported(KernelPath path) => path switch
    {
        KernelPath.Vector128 => true,
        KernelPath.ArmDotProduct => ArmDotProductPath.IsSupported,
        KernelPath.Avx2 => Avx2DotPath.IsSupported,
        KernelPath.AvxVnni => AvxVnniDotPath.IsSupported,
        KernelPath.Avx512 => Avx512DotPath.IsSupported,
        _ => false,
    };

    public static void MultiplyAdd(KernelPath path, sbyte[] weights, int rows, int columns, sbyte[] vector, int[] bias, int[] destination)
    {
        switch (path)
        {
            case KernelPath.Vector128: MatrixKernels.MultiplyAdd<Vector128DotPath>(weights, rows, columns, vector, bias, destination); break;
            case KernelPath.ArmDotProduct: MatrixKernels.MultiplyAdd<ArmDotProductPath>(weights, rows, columns, vector, bias, destination); break;
            case KernelPath.Avx2: MatrixKernels.MultiplyAdd<Avx2DotPath>(weights, rows, columns, vector, bias, destination); break;
            case KernelPath.AvxVnni: MatrixKernels.MultiplyAdd<AvxVnniDotPath>(weights, rows, columns, vector, bias, destination); break;
            case KernelPath.Avx512: MatrixKernels.MultiplyAdd<Avx512DotPath>(weights, rows, columns, vector, bias, destination); break;
            default: throw new ArgumentOutOfRangeException(nameof(path));
        }
    }

    public static void MultiplyAdd(KernelPath path, short[] weights, int rows, int columns, sbyte[] vector, int[] bias, int[] destination)
    {
        switch (path)
        {
            case KernelPath.Vector128: MatrixKernels.MultiplyAdd<Vector128DotPath>(weights, rows, columns, vector, bias, destination); break;
            case KernelPath.Avx2: MatrixKernels.MultiplyAdd<Avx2DotPath>(weights, rows, columns, vector, bias, destination); break;
            case KernelPath.AvxVnni: MatrixKernels.MultiplyAdd<AvxVnniDotPath>(weights, rows, columns, vector, bias, destination); break;
            case KernelPath.Avx512: MatrixKernels.MultiplyAdd<Avx512DotPath>(weights, rows, columns, vector, bias, destination); break;
            default: throw new ArgumentOutOfRangeException(nameof(path));
        }
    }

    public static void MultiplyAddBatch(KernelPath path, sbyte[] weights, int rows, int columns, sbyte[] vectors, int batch, int[] bias, int[] destination)
    {
        switch (path)
        {
            case KernelPath.Vector128: MatrixKernels.MultiplyAddBatch<Vector128DotPath>(weights, rows, columns, vectors, batch, bias, destination); break;
            case KernelPath.ArmDotProduct: MatrixKernels.MultiplyAddBatch<ArmDotProductPath>(weights, rows, columns, vectors, batch, bias, destination); break;
            case KernelPath.Avx2: MatrixKernels.MultiplyAddBatch<Avx2DotPath>(weights, rows, columns, vectors, batch, bias, destination); break;
            case KernelPath.AvxVnni: MatrixKernels.MultiplyAddBatch<AvxVnniDotPath>(weights, rows, columns, vectors, batch, bias, destination); break;
            case KernelPath.Avx512: MatrixKernels.MultiplyAddBatch<Avx512DotPath>(weights, rows, columns, vectors, batch, bias, destination); break;
            default: throw new ArgumentOutOfRangeException(nameof(path));
        }
    }

    public static void MultiplyAddBatch(KernelPath path, short[] weights, int rows, int columns, sbyte[] vectors, int batch, int[] bias, int[] destination)
    {
        switch (path)
        {
            case KernelPath.Vector128: MatrixKernels.MultiplyAddBatch<Vector128DotPath>(weights, rows, columns, vectors, batch, bias, destination); break;
            case KernelPath.Avx2: MatrixKernels.MultiplyAddBatch<Avx2DotPath>(weights, rows, columns, vectors, batch, bias, destination); break;
            case KernelPath.AvxVnni: MatrixKernels.MultiplyAddBatch<AvxVnniDotPath>(weights, rows, columns, vectors, batch, bias, destination); break;
            case KernelPath.Avx512: MatrixKernels.MultiplyAddBatch<Avx512DotPath>(weights, rows, columns, vectors, batch, bias, destination); break;
            default: throw new ArgumentOutOfRangeException(nameof(path));
        }
    }
}
