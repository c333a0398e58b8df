namespace EdgeLstm.Model.Kernels;

/// <summary>Represents one instruction path's batched product of packed int8 weights (see <see cref="PackedInt8Weights.MultiplyAddBatch(ReadOnlySpan{sbyte}, int, ReadOnlySpan{int}, Span{int})"/>); callers have validated the arguments.</summary>
internal delegate void PackedKernel(PackedInt8Weights weights, ReadOnlySpan<sbyte> vectors, int batch, ReadOnlySpan<int> bias, Span<int> destination);
