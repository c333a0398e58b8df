namespace EdgeLstm.Model.Kernels;

/// <summary>Represents one sparse path's product of a sliced-ELLPACK matrix with an int8 vector (see <see cref="ISparsePath.MultiplyAdd"/>); callers have validated the lengths.</summary>
internal delegate void SparseProduct(SlicedEllpackInt8 matrix, ReadOnlySpan<sbyte> vector, ReadOnlySpan<int> bias, Span<int> destination);
