using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeLstm.Model.Kernels;

/// <summary>Computes dot products with x64 AVX2: sign extension to int16 (VPMOVSXBW) and VPMADDWD.</summary>
/// <remarks>
/// 16 columns per step. VPMADDWD multiplies int16 pairs exactly and adds adjacent products into int32; a pair of
/// int8 × int8 products is at most 2^15 and a pair of int16 × int8 products at most 2 · 2304 · 128, so no lane
/// saturates or wraps. Four row accumulators are reduced together with VPHADDD. Callers check
/// <see cref="IsSupported"/> first.
/// </remarks>
internal readonly struct Avx2DotPath : IDotProductPath<sbyte>, IDotProductPath<short>
{
    private const int Step = 16;

    /// <inheritdoc/>
    public static string Name => "AVX2";

    /// <inheritdoc/>
    public static bool IsSupported => Avx2.IsSupported;

    /// <inheritdoc/>
    public static int Dot(ref sbyte row, ref sbyte vector, int columns)
    {
        Vector256<int> sum = Vector256<int>.Zero;
        int j = 0;
        for (; j <= columns - Step; j += Step)
        {
            sum = Avx2.Add(sum, Avx2.MultiplyAddAdjacent(Widen(ref row, j), Widen(ref vector, j)));
        }

        return Vector256.Sum(sum);
    }

    /// <inheritdoc/>
    public static Vector128<int> Dot4(ref sbyte row0, int stride, ref sbyte vector, int columns)
    {
        ref sbyte row1 = ref Unsafe.Add(ref row0, stride);
        ref sbyte row2 = ref Unsafe.Add(ref row1, stride);
        ref sbyte row3 = ref Unsafe.Add(ref row2, stride);
        Vector256<int> sum0 = Vector256<int>.Zero;
        Vector256<int> sum1 = Vector256<int>.Zero;
        Vector256<int> sum2 = Vector256<int>.Zero;
        Vector256<int> sum3 = Vector256<int>.Zero;
        int j = 0;
        for (; j <= columns - Step; j += Step)
        {
            Vector256<short> x = Widen(ref vector, j);
            sum0 = Avx2.Add(sum0, Avx2.MultiplyAddAdjacent(Widen(ref row0, j), x));
            sum1 = Avx2.Add(sum1, Avx2.MultiplyAddAdjacent(Widen(ref row1, j), x));
            sum2 = Avx2.Add(sum2, Avx2.MultiplyAddAdjacent(Widen(ref row2, j), x));
            sum3 = Avx2.Add(sum3, Avx2.MultiplyAddAdjacent(Widen(ref row3, j), x));
        }

        Vector128<int> sums = Reduce(sum0, sum1, sum2, sum3);
        return sums;
    }

    /// <inheritdoc/>
    public static int Dot(ref short row, ref sbyte vector, int columns)
    {
        Vector256<int> sum = Vector256<int>.Zero;
        int j = 0;
        for (; j <= columns - Step; j += Step)
        {
            sum = Avx2.Add(sum, Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref row, (nuint)j), Widen(ref vector, j)));
        }

        return Vector256.Sum(sum);
    }

    /// <inheritdoc/>
    public static Vector128<int> Dot4(ref short row0, int stride, ref sbyte vector, int columns)
    {
        ref short row1 = ref Unsafe.Add(ref row0, stride);
        ref short row2 = ref Unsafe.Add(ref row1, stride);
        ref short row3 = ref Unsafe.Add(ref row2, stride);
        Vector256<int> sum0 = Vector256<int>.Zero;
        Vector256<int> sum1 = Vector256<int>.Zero;
        Vector256<int> sum2 = Vector256<int>.Zero;
        Vector256<int> sum3 = Vector256<int>.Zero;
        int j = 0;
        for (; j <= columns - Step; j += Step)
        {
            Vector256<short> x = Widen(ref vector, j);
            sum0 = Avx2.Add(sum0, Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref row0, (nuint)j), x));
            sum1 = Avx2.Add(sum1, Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref row1, (nuint)j), x));
            sum2 = Avx2.Add(sum2, Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref row2, (nuint)j), x));
            sum3 = Avx2.Add(sum3, Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref row3, (nuint)j), x));
        }

        Vector128<int> sums = Reduce(sum0, sum1, sum2, sum3);
        return sums;
    }

    /// <summary>Reduces four accumulators to their four sums [Σa, Σb, Σc, Σd] with three VPHADDDs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<int> Reduce(Vector256<int> a, Vector256<int> b, Vector256<int> c, Vector256<int> d)
    {
        Vector256<int> sums = Avx2.HorizontalAdd(Avx2.HorizontalAdd(a, b), Avx2.HorizontalAdd(c, d));
        return Sse2.Add(sums.GetLower(), sums.GetUpper());
    }

    /// <summary>Loads 16 int8 values at <paramref name="offset"/> and sign-extends them to int16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<short> Widen(ref sbyte source, int offset) =>
        Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref source, (nuint)offset));
}
