using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EdgeLstm.Model.Kernels;

/// <summary>
/// Multiplies a <see cref="SlicedEllpackInt8"/> matrix by an int8 vector with portable 128-bit vectors: the sparse
/// path of a Raspberry Pi 4, and of any machine with 128-bit SIMD but no AVX-512 VBMI.
/// </summary>
/// <remarks>
/// The layout's panels are 16 columns wide, so the vector's panel is one register and one byte shuffle (TBL on
/// Arm64, PSHUFB on x64) gathers the elements of sixteen slots: the padding this costs (a block's longest row within
/// 16 columns) is cheaper than gathering with scalar loads. Products of int8 × int8 are exact in int16 and are
/// sign-extended to int32 before they are added, so the sums are the wrap-around int32 sums of
/// <see cref="ReferenceKernels.SparseMultiplyAdd"/>. Each row has two int32 lanes (its even and odd slots), added
/// once per block.
/// </remarks>
internal readonly struct SparseVector128Path : ISparsePath
{
    /// <summary>The panel width of the layouts this path reads: the 16 bytes of one register.</summary>
    public const int Panel = 16;

    private const int BlockRows = SlicedEllpackInt8.BlockRows;
    private const int GroupBytes = SlicedEllpackInt8.GroupBytes;

    /// <inheritdoc/>
    public static string Name => "sliced ELLPACK, Vector128";

    /// <inheritdoc/>
    public static bool IsSupported => Vector128.IsHardwareAccelerated;

    /// <inheritdoc/>
    public static int PanelColumns => Panel;

    /// <summary>Multiplies the matrix by a vector and adds a bias; the caller has validated the lengths.</summary>
    /// <param name="matrix">The matrix, in panels of <see cref="PanelColumns"/>.</param>
    /// <param name="vector">The vector, <see cref="SlicedEllpackInt8.Columns"/> long.</param>
    /// <param name="bias">The bias, one per row, or empty for none.</param>
    /// <param name="destination">Receives one sum per row.</param>
    /// <remarks>This method effectively computes <c>destination[r] = bias[r] + Σ_j W[r, j] · vector[j]</c> in wrap-around int32.</remarks>
    public static void MultiplyAdd(SlicedEllpackInt8 matrix, ReadOnlySpan<sbyte> vector, ReadOnlySpan<int> bias, Span<int> destination)
    {
        Debug.Assert(matrix.PanelColumns == Panel, "The layout was built for another path.");

        // A narrow last panel is copied to a full table, so its 16-byte load stays inside readable memory.
        int fullPanels = matrix.Columns / Panel;
        Span<sbyte> lastPanel = stackalloc sbyte[Panel];
        vector[(fullPanels * Panel)..].CopyTo(lastPanel);
        ref sbyte x = ref MemoryMarshal.GetReference(vector);

        ReadOnlySpan<int> groupStarts = matrix.GroupStarts;
        ref sbyte weights = ref MemoryMarshal.GetReference(matrix.Weights);
        ref byte offsets = ref MemoryMarshal.GetReference(matrix.ColumnOffsets);
        Span<int> laneSums = stackalloc int[2 * BlockRows];
        int panels = matrix.Panels;
        for (int b = 0; b < matrix.Blocks; b++)
        {
            // Lanes of sum k: rows 2k and 2k + 1, each as (even slots, odd slots).
            Vector128<int> sum0 = Vector128<int>.Zero, sum1 = Vector128<int>.Zero, sum2 = Vector128<int>.Zero, sum3 = Vector128<int>.Zero;
            Vector128<int> sum4 = Vector128<int>.Zero, sum5 = Vector128<int>.Zero, sum6 = Vector128<int>.Zero, sum7 = Vector128<int>.Zero;
            for (int p = 0; p < panels; p++)
            {
                Vector128<byte> table = Vector128.LoadUnsafe(ref p < fullPanels ? ref Unsafe.Add(ref x, p * Panel) : ref MemoryMarshal.GetReference(lastPanel)).AsByte();
                int end = groupStarts[(b * panels) + p + 1] * GroupBytes;
                for (int i = groupStarts[(b * panels) + p] * GroupBytes; i < end; i += GroupBytes)
                {
                    // Bytes 0..15 and 32..47 of a group are rows 0..7, bytes 16..31 and 48..63 rows 8..15.
                    (Vector128<int> p0, Vector128<int> p1, Vector128<int> p2, Vector128<int> p3) = Products(table, ref weights, ref offsets, i);
                    (Vector128<int> p4, Vector128<int> p5, Vector128<int> p6, Vector128<int> p7) = Products(table, ref weights, ref offsets, i + 16);
                    (Vector128<int> q0, Vector128<int> q1, Vector128<int> q2, Vector128<int> q3) = Products(table, ref weights, ref offsets, i + 32);
                    (Vector128<int> q4, Vector128<int> q5, Vector128<int> q6, Vector128<int> q7) = Products(table, ref weights, ref offsets, i + 48);
                    sum0 += p0 + q0;
                    sum1 += p1 + q1;
                    sum2 += p2 + q2;
                    sum3 += p3 + q3;
                    sum4 += p4 + q4;
                    sum5 += p5 + q5;
                    sum6 += p6 + q6;
                    sum7 += p7 + q7;
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
    private static (Vector128<int>, Vector128<int>, Vector128<int>, Vector128<int>) Products(Vector128<byte> table, ref sbyte weights, ref byte offsets, int i)
    {
        // Every in-panel column is below 16, so the native shuffle (no out-of-range handling) is exact.
        Vector128<sbyte> elements = Vector128.ShuffleNative(table, Vector128.LoadUnsafe(ref offsets, (nuint)i)).AsSByte();
        (Vector128<short> wLow, Vector128<short> wHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref weights, (nuint)i));
        (Vector128<short> xLow, Vector128<short> xHigh) = Vector128.Widen(elements);
        (Vector128<int> p0, Vector128<int> p1) = Vector128.Widen(wLow * xLow);
        (Vector128<int> p2, Vector128<int> p3) = Vector128.Widen(wHigh * xHigh);
        return (p0, p1, p2, p3);
    }
}
