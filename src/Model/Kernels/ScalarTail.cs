using System.Runtime.CompilerServices;

namespace EdgeLstm.Model.Kernels;

/// <summary>Finishes a dot product over the columns a vector loop left over, one element at a time.</summary>
internal static class ScalarTail
{
    /// <summary>Adds Σ row[j] · vector[j] for j in [<paramref name="start"/>, <paramref name="columns"/>) to <paramref name="sum"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dot(int sum, ref sbyte row, ref sbyte vector, int start, int columns)
    {
        for (int j = start; j < columns; j++)
        {
            sum = unchecked(sum + (Unsafe.Add(ref row, j) * Unsafe.Add(ref vector, j)));
        }

        return sum;
    }

    /// <summary>Adds Σ row[j] · vector[j] for j in [<paramref name="start"/>, <paramref name="columns"/>) to <paramref name="sum"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dot(int sum, ref short row, ref sbyte vector, int start, int columns)
    {
        for (int j = start; j < columns; j++)
        {
            sum = unchecked(sum + (Unsafe.Add(ref row, j) * Unsafe.Add(ref vector, j)));
        }

        return sum;
    }
}
