using EdgeLstm.Model.Kernels;

namespace EdgeLstm.Model.Tests.Kernels;

/// <summary>Names the SIMD paths of the sparse kernel and runs one of them directly, bypassing the dispatch.</summary>
public enum SparseKernelPath
{
    Vector128,
    Vbmi,
}

internal static class SparseKernelPaths
{
    public static TheoryData<SparseKernelPath> All => new() { SparseKernelPath.Vector128, SparseKernelPath.Vbmi };

    public static bool IsSupported(SparseKernelPath path) => path switch
    {
        SparseKernelPath.Vector128 => true,
        SparseKernelPath.Vbmi => SparseVbmiPath.IsSupported,
        _ => false,
    };

    /// <summary>Builds the layout the path reads, in that path's panel width.</summary>
    public static SlicedEllpackInt8 Layout(SparseKernelPath path, CompressedRows csr) => SlicedEllpackInt8.FromCompressedRows(
        csr.RowStarts,
        csr.ColumnIndices,
        csr.Values,
        csr.Rows,
        csr.Columns,
        path == SparseKernelPath.Vbmi ? SparseVbmiPath.PanelColumns : SparseVector128Path.PanelColumns);

    public static void MultiplyAdd(SparseKernelPath path, SlicedEllpackInt8 matrix, sbyte[] vector, int[] bias, int[] destination)
    {
        switch (path)
        {
            case SparseKernelPath.Vector128: SparseVector128Path.MultiplyAdd(matrix, vector, bias, destination); break;
            case SparseKernelPath.Vbmi: SparseVbmiPath.MultiplyAdd(matrix, vector, bias, destination); break;
            default: throw new ArgumentOutOfRangeException(nameof(path));
        }
    }
}
