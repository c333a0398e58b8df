using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeLstm.Model.Kernels;

/// <summary>Computes dot products with x64 AVX-512BW: 32 columns per step with 512-bit VPMOVSXBW and VPMADDWD.</summary>
/// <remarks>
/// The exactness argument of <see cref="Avx2DotPath"/> holds lane for lane. After the 512-bit steps each
/// accumulator is folded to 256 bits, and one 16-column AVX2 step takes a remaining half.
/// Callers check <see cref="IsSupported"/> first.
/// </remarks>
internal readonly struct Avx512DotPath : IDotProductPath<sbyte>, IDotProductPath<short>
{
    private const int Step = 32;
    private const int HalfStep = 16;

    /// <inheritdoc/>
    public static string Name => "AVX-512BW";

    /// <inheritdoc/>
    public static bool IsSupported => Avx512BW.IsSupported && Avx2.IsSupported;

    /// <inheritdoc/>
    public static int Dot(ref sbyte row, ref sbyte vector, int columns)
    {
        Vector512<int> wide = Vector512<int>.Zero;
        int j = 0;
        for (; j <= columns - Step; j += Step)
        {
            wide = Avx512F.Add(wide, Avx512BW.MultiplyAddAdjacent(Widen(ref row, j), Widen(ref vector, j)));
        }

        Vector256<int> sum = Fold(wide);
        if (j <= columns - HalfStep)
        {
            sum = Avx2.Add(sum, Avx2.MultiplyAddAdjacent(Avx2DotPath.Widen(ref row, j), Avx2DotPath.Widen(ref vector, j)));
            j += HalfStep;
        }

        return Vector256.Sum(sum);
    }

    /// <inheritdoc/>
    public static Vector128<int> Dot4(ref sbyte row0, int stride, ref sbyte vector, int columns)
    {
        ref sbyte row1 = ref Unsafe.Add(ref row0, stride);
        ref sbyte row2 = ref Unsafe.Add(ref row1, stride);
        ref sbyte row3 = ref Unsafe.Add(ref row2, stride);
        Vector512<int> wide0 = Vector512<int>.Zero;
        Vector512<int> wide1 = Vector512<int>.Zero;
        Vector512<int> wide2 = Vector512<int>.Zero;
        Vector512<int> wide3 = Vector512<int>.Zero;
        int j = 0;
        for (; j <= columns - Step; j += Step)
        {
            Vector512<short> x = Widen(ref vector, j);
            wide0 = Avx512F.Add(wide0, Avx512BW.MultiplyAddAdjacent(Widen(ref row0, j), x));
            wide1 = Avx512F.Add(wide1, Avx512BW.MultiplyAddAdjacent(Widen(ref row1, j), x));
            wide2 = Avx512F.Add(wide2, Avx512BW.MultiplyAddAdjacent(Widen(ref row2, j), x));
            wide3 = Avx512F.Add(wide3, Avx512BW.MultiplyAddAdjacent(Widen(ref row3, j), x));
        }

        Vector256<int> sum0 = Fold(wide0);
        Vector256<int> sum1 = Fold(wide1);
        Vector256<int> sum2 = Fold(wide2);
        Vector256<int> sum3 = Fold(wide3);
        if (j <= columns - HalfStep)
        {
            Vector256<short> x = Avx2DotPath.Widen(ref vector, j);
            sum0 = Avx2.Add(sum0, Avx2.MultiplyAddAdjacent(Avx2DotPath.Widen(ref row0, j), x));
            sum1 = Avx2.Add(sum1, Avx2.MultiplyAddAdjacent(Avx2DotPath.Widen(ref row1, j), x));
            sum2 = Avx2.Add(sum2, Avx2.MultiplyAddAdjacent(Avx2DotPath.Widen(ref row2, j), x));
            sum3 = Avx2.Add(sum3, Avx2.MultiplyAddAdjacent(Avx2DotPath.Widen(ref row3, j), x));
            j += HalfStep;
        }

        Vector128<int> sums = Avx2DotPath.Reduce(sum0, sum1, sum2, sum3);
        return sums;
    }

    /// <inheritdoc/>
    public static int Dot(ref short row, ref sbyte vector, int columns)
    {
        Vector512<int> wide = Vector512<int>.Zero;
        int j = 0;
        for (; j <= columns - Step; j += Step)
        {
            wide = Avx512F.Add(wide, Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref row, (nuint)j), Widen(ref vector, j)));
        }

        Vector256<int> sum = Fold(wide);
        if (j <= columns - HalfStep)
        {
            sum = Avx2.Add(sum, Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref row, (nuint)j), Avx2DotPath.Widen(ref vector, j)));
            j += HalfStep;
        }

        return Vector256.Sum(sum);
    }

    /// <inheritdoc/>
    public static Vector128<int> Dot4(ref short row0, int stride, ref sbyte vector, int columns)
    {
        ref short row1 = ref Unsafe.Add(ref row0, stride);
        ref short row2 = ref Unsafe.Add(ref row1, stride);
        ref short row3 = ref Unsafe.Add(ref row2, stride);
        Vector512<int> wide0 = Vector512<int>.Zero;
        Vector512<int> wide1 = Vector512<int>.Zero;
        Vector512<int> wide2 = Vector512<int>.Zero;
        Vector512<int> wide3 = Vector512<int>.Zero;
        int j = 0;
        for (; j <= columns - Step; j += Step)
        {
            Vector512<short> x = Widen(ref vector, j);
            wide0 = Avx512F.Add(wide0, Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref row0, (nuint)j), x));
            wide1 = Avx512F.Add(wide1, Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref row1, (nuint)j), x));
            wide2 = Avx512F.Add(wide2, Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref row2, (nuint)j), x));
            wide3 = Avx512F.Add(wide3, Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref row3, (nuint)j), x));
        }

        Vector256<int> sum0 = Fold(wide0);
        Vector256<int> sum1 = Fold(wide1);
        Vector256<int> sum2 = Fold(wide2);
        Vector256<int> sum3 = Fold(wide3);
        if (j <= columns - HalfStep)
        {
            Vector256<short> x = Avx2DotPath.Widen(ref vector, j);
            sum0 = Avx2.Add(sum0, Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref row0, (nuint)j), x));
            sum1 = Avx2.Add(sum1, Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref row1, (nuint)j), x));
            sum2 = Avx2.Add(sum2, Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref row2, (nuint)j), x));
            sum3 = Avx2.Add(sum3, Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref row3, (nuint)j), x));
            j += HalfStep;
        }

        Vector128<int> sums = Avx2DotPath.Reduce(sum0, sum1, sum2, sum3);
        return sums;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Fold(Vector512<int> wide) => Avx2.Add(wide.GetLower(), wide.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<short> Widen(ref sbyte source, int offset) =>
        Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref source, (nuint)offset));
}
