using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EdgeLstm.Model.Kernels;

/// <summary>
/// Multiplies a <see cref="SlicedEllpackInt8"/> matrix by an int8 vector with portable 128-bit vectors: the sparse
/// path of a Raspberry Pi 4, and of any machine with 128-bit SIMD but no byte permute over 256 entries.
/// </summary>
/// <remarks>
/// The vector elements of eight slots are gathered with scalar loads into one int16 vector; the weights are loaded
/// sixteen at a time. Products of int8 × int8 are exact in int16 and are sign-extended to int32 before they are
/// added, so the sums are the wrap-around int32 sums of <see cref="ReferenceKernels.SparseMultiplyAdd"/>. Each row has
/// two int32 lanes (its even and odd slots), added once per block.
/// </remarks>
internal static class SparseVector128Path
{
    private const int BlockRows = SlicedEllpackInt8.BlockRows;
    private const int HalfGroupBytes = SlicedEllpackInt8.GroupBytes / 2;

    /// <summary>Multiplies the matrix by a vector and adds a bias; the caller has validated the lengths.</summary>
    /// <param name="matrix">The matrix.</param>
    /// <param name="vector">The vector, <see cref="SlicedEllpackInt8.Columns"/> long.</param>
    /// <param name="bias">The bias, one per row, or empty for none.</param>
    /// <param name="destination">Receives one sum per row.</param>
    /// <remarks>This method effectively computes <c>destination[r] = bias[r] + Σ_j W[r, j] · vector[j]</c> in wrap-around int32.</remarks>
    public static void MultiplyAdd(SlicedEllpackInt8 matrix, ReadOnlySpan<sbyte> vector, ReadOnlySpan<int> bias, Span<int> destination)
    {
        ReadOnlySpan<int> groupStarts = matrix.GroupStarts;
        ref sbyte weights = ref MemoryMarshal.GetReference(matrix.Weights);
        ref byte offsets = ref MemoryMarshal.GetReference(matrix.ColumnOffsets);
        ref sbyte x = ref MemoryMarshal.GetReference(vector);
        Span<int> laneSums = stackalloc int[2 * BlockRows];
        int panels = matrix.Panels;
        for (int b = 0; b < matrix.Blocks; b++)
        {
            // Lanes of sum k: rows 2k and 2k + 1, each as (even slots, odd slots).
            Vector128<int> sum0 = Vector128<int>.Zero, sum1 = Vector128<int>.Zero, sum2 = Vector128<int>.Zero, sum3 = Vector128<int>.Zero;
            Vector128<int> sum4 = Vector128<int>.Zero, sum5 = Vector128<int>.Zero, sum6 = Vector128<int>.Zero, sum7 = Vector128<int>.Zero;
            for (int p = 0; p < panels; p++)
            {
                ref sbyte panel = ref Unsafe.Add(ref x, p * SlicedEllpackInt8.PanelColumns);
                int end = groupStarts[(b * panels) + p + 1] * SlicedEllpackInt8.GroupBytes;
                for (int i = groupStarts[(b * panels) + p] * SlicedEllpackInt8.GroupBytes; i < end; i += HalfGroupBytes)
                {
                    (Vector128<int> p0, Vector128<int> p1, Vector128<int> p2, Vector128<int> p3) = Products(ref weights, ref offsets, ref panel, i);
                    (Vector128<int> p4, Vector128<int> p5, Vector128<int> p6, Vector128<int> p7) = Products(ref weights, ref offsets, ref panel, i + 16);
                    sum0 += p0;
                    sum1 += p1;
                    sum2 += p2;
                    sum3 += p3;
                    sum4 += p4;
                    sum5 += p5;
                    sum6 += p6;
                    sum7 += p7;
                }
            }

            sum0.CopyTo(laneSums);
            sum1.CopyTo(laneSums[4..]);
            sum2.CopyTo(laneSums[8..]);
            sum3.CopyTo(laneSums[12..]);
            sum4.CopyTo(laneSums[16..]);
            sum5.CopyTo(laneSums[20..]);
            sum6.CopyTo(laneSums[24..]);
            sum7.CopyTo(laneSums[28..]);
            int first = b * BlockRows;
            int count = Math.Min(BlockRows, matrix.Rows - first);
            for (int r = 0; r < count; r++)
            {
                destination[first + r] = unchecked((bias.IsEmpty ? 0 : bias[first + r]) + laneSums[2 * r] + laneSums[(2 * r) + 1]);
            }
        }
    }

    // Sixteen slots (eight rows × two) at byte i: the int32 products of rows (0, 1), (2, 3), (4, 5), (6, 7) of the eight.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<int>, Vector128<int>, Vector128<int>, Vector128<int>) Products(ref sbyte weights, ref byte offsets, ref sbyte panel, int i)
    {
        (Vector128<short> wLow, Vector128<short> wHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref weights, (nuint)i));
        (Vector128<int> p0, Vector128<int> p1) = Vector128.Widen(wLow * Gather(ref panel, ref Unsafe.Add(ref offsets, i)));
        (Vector128<int> p2, Vector128<int> p3) = Vector128.Widen(wHigh * Gather(ref panel, ref Unsafe.Add(ref offsets, i + 8)));
        return (p0, p1, p2, p3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> Gather(ref sbyte panel, ref byte offsets) => Vector128.Create(
        Unsafe.Add(ref panel, offsets),
        Unsafe.Add(ref panel, Unsafe.Add(ref offsets, 1)),
        Unsafe.Add(ref panel, Unsafe.Add(ref offsets, 2)),
        Unsafe.Add(ref panel, Unsafe.Add(ref offsets, 3)),
        Unsafe.Add(ref panel, Unsafe.Add(ref offsets, 4)),
        Unsafe.Add(ref panel, Unsafe.Add(ref offsets, 5)),
        Unsafe.Add(ref panel, Unsafe.Add(ref offsets, 6)),
        Unsafe.Add(ref panel, Unsafe.Add(ref offsets, 7)));
}
