using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeLstm.Model.Kernels;

/// <summary>
/// Multiplies a <see cref="SlicedEllpackInt8"/> matrix by an int8 vector with x64 AVX-512 VBMI: the vector's 256-column
/// panel is a lookup table in four registers, and two VPERMI2B and one byte blend gather 64 slots' elements at once.
/// </summary>
/// <remarks>
/// VPERMI2B looks up the low seven bits of each in-panel column in 128 bytes; bit 7 picks the upper or lower half.
/// The weights and elements are sign-extended to int16 (VPMOVSXBW) and VPMADDWD adds each row's two adjacent
/// products into its int32 lane: a pair of int8 × int8 products is at most 2^15, so no lane saturates, and the lanes
/// are added with wrap-around, giving the bits of <see cref="ReferenceKernels.SparseMultiplyAdd"/>. No gather
/// instruction and no horizontal sum is needed. Callers check <see cref="IsSupported"/> first.
/// </remarks>
internal readonly struct SparseVbmiPath : ISparsePath
{
    /// <summary>The panel width of the layouts this path reads: the 256 bytes of four registers.</summary>
    public const int Panel = 256;

    private const int GroupBytes = SlicedEllpackInt8.GroupBytes;

    /// <inheritdoc/>
    public static string Name => "sliced ELLPACK, AVX-512 VBMI";

    /// <inheritdoc/>
    public static bool IsSupported => Avx512Vbmi.IsSupported;

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

        // A narrow last panel is copied to a full table, so the four 64-byte loads stay inside readable memory.
        int fullPanels = matrix.Columns / Panel;
        Span<byte> lastPanel = stackalloc byte[Panel];
        MemoryMarshal.AsBytes(vector[(fullPanels * Panel)..]).CopyTo(lastPanel);
        ref byte x = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(vector));

        ReadOnlySpan<int> groupStarts = matrix.GroupStarts;
        ref sbyte weights = ref MemoryMarshal.GetReference(matrix.Weights);
        ref byte offsets = ref MemoryMarshal.GetReference(matrix.ColumnOffsets);
        int panels = matrix.Panels;
        for (int b = 0; b < matrix.Blocks; b++)
        {
            Vector512<int> sum = Vector512<int>.Zero;
            for (int p = 0; p < panels; p++)
            {
                ref byte table = ref p < fullPanels ? ref Unsafe.Add(ref x, p * Panel) : ref MemoryMarshal.GetReference(lastPanel);
                Vector512<byte> table0 = Vector512.LoadUnsafe(ref table);
                Vector512<byte> table1 = Vector512.LoadUnsafe(ref table, 64);
                Vector512<byte> table2 = Vector512.LoadUnsafe(ref table, 128);
                Vector512<byte> table3 = Vector512.LoadUnsafe(ref table, 192);
                int end = groupStarts[(b * panels) + p + 1] * GroupBytes;
                for (int i = groupStarts[(b * panels) + p] * GroupBytes; i < end; i += GroupBytes)
                {
                    Vector512<byte> columns = Vector512.LoadUnsafe(ref offsets, (nuint)i);
                    Vector512<sbyte> elements = Avx512BW.BlendVariable(
                        Avx512Vbmi.PermuteVar64x8x2(table0, columns, table1),
                        Avx512Vbmi.PermuteVar64x8x2(table2, columns, table3),
                        columns).AsSByte();
                    Vector512<sbyte> w = Vector512.LoadUnsafe(ref weights, (nuint)i);
                    sum += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(w.GetLower()), Avx512BW.ConvertToVector512Int16(elements.GetLower()));
                    sum += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(w.GetUpper()), Avx512BW.ConvertToVector512Int16(elements.GetUpper()));
                }
            }

            Store(sum, b * SlicedEllpackInt8.BlockRows, matrix.Rows, bias, destination);
        }
    }

    private static void Store(Vector512<int> sum, int first, int rows, ReadOnlySpan<int> bias, Span<int> destination)
    {
        if (first + SlicedEllpackInt8.BlockRows <= rows)
        {
            if (!bias.IsEmpty)
            {
                sum += Vector512.Create(bias.Slice(first, SlicedEllpackInt8.BlockRows));
            }

            sum.CopyTo(destination[first..]);
            return;
        }

        for (int r = first; r < rows; r++)
        {
            destination[r] = unchecked((bias.IsEmpty ? 0 : bias[r]) + sum.GetElement(r - first));
        }
    }
}
