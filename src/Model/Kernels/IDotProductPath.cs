using System.Runtime.Intrinsics;

namespace EdgeLstm.Model.Kernels;

/// <summary>
/// Defines one instruction path's dot products of weight rows with an int8 vector; the generic driver in
/// <see cref="MatrixKernels"/> is specialised by the JIT for each path and weight type, so a path costs no indirection
/// inside a product.
/// </summary>
/// <typeparam name="TWeight">The weight element: <see cref="sbyte"/> for int8, <see cref="short"/> for decoded FloatSD8.</typeparam>
/// <remarks>
/// Both methods see a column count that is a multiple of <see cref="MatrixKernels.VectorColumns"/>; the driver adds
/// the remaining columns, so no path carries a scalar tail. Both return the exact int32 (wrap-around) sums of
/// <see cref="ReferenceKernels"/>.
/// </remarks>
internal interface IDotProductPath<TWeight> : IInstructionPath
    where TWeight : unmanaged
{
    /// <summary>Computes Σ_j row[j] · vector[j] for j below <paramref name="columns"/>, a multiple of 16.</summary>
    static abstract int Dot(ref TWeight row, ref sbyte vector, int columns);

    /// <summary>Computes the dot products of four consecutive rows, <paramref name="stride"/> elements apart, with the vector, over <paramref name="columns"/> (a multiple of 16).</summary>
    static abstract Vector128<int> Dot4(ref TWeight row0, int stride, ref sbyte vector, int columns);
}
