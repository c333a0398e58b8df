using EdgeLstm.Model.Kernels;

namespace EdgeLstm.Model.Tests.Kernels;

/// <summary>Builds the layout a sparse path reads, so a test can run that path directly, bypassing the dispatch.</summary>
internal static class SparseKernelPaths
{
    /// <summary>Builds the layout the path reads, in that path's panel width.</summary>
    public static SlicedEllpackInt8 Layout(SparseKernel kernel, CompressedRows csr) => SlicedEllpackInt8.FromCompressedRows(
        csr.RowStarts,
        csr.ColumnIndices,
        csr.Values,
        csr.Rows,
        csr.Columns,
        kernel.PanelColumns);
}
