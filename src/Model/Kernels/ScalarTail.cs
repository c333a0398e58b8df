using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EdgeLstm.Model.Kernels;

/// <summary>Finishes dot products over the columns the vector paths left over, one element at a time, for every path and weight type.</summary>
internal static class ScalarTail
{
    /// <summary>Adds Σ row[j] · vector[j] for j in [<paramref name="start"/>, <paramref name="columns"/>) to <paramref name="sum"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dot<TWeight>(int sum, ref TWeight row, ref sbyte vector, int start, int columns)
        where TWeight : unmanaged, IBinaryInteger<TWeight>
    {
        for (int j = start; j < columns; j++)
        {
            sum = unchecked(sum + (int.CreateTruncating(Unsafe.Add(ref row, j)) * Unsafe.Add(ref vector, j)));
        }

        return sum;
    }

    /// <summary>Adds the tails of four rows, <paramref name="stride"/> elements apart, to their sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Dot4<TWeight>(Vector128<int> sums, ref TWeight row0, int stride, ref sbyte vector, int start, int columns)
        where TWeight : unmanaged, IBinaryInteger<TWeight>
    {
        if (start == columns)
        {
            return sums;
        }

        ref TWeight row1 = ref Unsafe.Add(ref row0, stride);
        ref TWeight row2 = ref Unsafe.Add(ref row1, stride);
        ref TWeight row3 = ref Unsafe.Add(ref row2, stride);
        return Vector128.Create(
            Dot(sums.GetElement(0), ref row0, ref vector, start, columns),
            Dot(sums.GetElement(1), ref row1, ref vector, start, columns),
            Dot(sums.GetElement(2), ref row2, ref vector, start, columns),
            Dot(sums.GetElement(3), ref row3, ref vector, start, columns));
    }
}
