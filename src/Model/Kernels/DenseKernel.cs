namespace EdgeLstm.Model.Kernels;

/// <summary>Represents one instruction path's batched product of a row-major weight matrix with int8 vectors (see <see cref="MatrixKernels.MultiplyAddBatch(ReadOnlySpan{sbyte}, int, int, ReadOnlySpan{sbyte}, int, ReadOnlySpan{int}, Span{int})"/>); callers have validated the arguments.</summary>
/// <typeparam name="TWeight">The weight element.</typeparam>
internal delegate void DenseKernel<TWeight>(ReadOnlySpan<TWeight> weights, int rows, int columns, ReadOnlySpan<sbyte> vectors, int batch, ReadOnlySpan<int> bias, Span<int> destination)
    where TWeight : unmanaged;
