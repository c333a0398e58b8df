using EdgeLstm.Benchmarks.Quantization;
using EdgeLstm.Model;
using EdgeLstm.Model.Cells;
using EdgeLstm.Model.Kernels;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Benchmarks.Reports;

/// <summary>Counts the multiply-accumulates one step of a benchmarked cell executes, from the cells themselves.</summary>
/// <remarks>
/// Only the weight matrices count (the input and recurrent products), as in
/// <see cref="RecurrentCell{T}.MultiplyAccumulatesPerStep"/>: lstm 4n(m + n), lite 2n(m + n), slim1 and slim2
/// nm + 4n², slim3 nm + n². A sparse matrix counts its stored non-zeros, the products its kernel performs.
/// </remarks>
internal static class StepMacs
{
    /// <summary>Returns the multiply-accumulates of one float32 step.</summary>
    public static long Float(CellKind kind, int m, int n) => CellFactory.Create<float>(kind, m, n, peephole: true).MultiplyAccumulatesPerStep;

    /// <summary>Returns the multiply-accumulates of one integer step, for the cell the integer benchmarks build.</summary>
    public static long Integer(CellKind kind, WeightFormat format, int m, int n, double density)
    {
        QuantizedCell cell = BenchmarkCells.Create(kind, format, m, n, density);
        return Count(cell.Input.Weights) + Count(cell.Recurrent.Weights);
    }

    private static long Count(IntegerMatrix matrix) =>
        matrix is SparseInt8Matrix sparse ? sparse.NonZeroCount : (long)matrix.Rows * matrix.Columns;
}
