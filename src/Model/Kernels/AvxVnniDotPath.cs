using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeLstm.Model.Kernels;

/// <summary>Computes dot products with x64 AVX-VNNI: sign extension to int16 and the fused VPDPWSSD.</summary>
/// <remarks>
/// The structure of <see cref="Avx2DotPath"/> with VPMADDWD + VPADDD fused into one VPDPWSSD (the non-saturating
/// form, so the sums stay exact int32). Callers check <see cref="IsSupported"/> first: AVX-VNNI (VEX) is present
/// on Intel Alder Lake and later and AMD Zen 5, not on Zen 4 (which has only the EVEX AVX512_VNNI form, not exposed
/// by .NET 10).
/// </remarks>
internal readonly struct AvxVnniDotPath : IDotProductPath<sbyte>, IDotProductPath<short>
{
    private const int Step = 16;

    /// <inheritdoc/>
    public static string Name => "AVX-VNNI";

    /// <inheritdoc/>
    public static bool IsSupported => AvxVnni.IsSupported && Avx2.IsSupported;

    /// <inheritdoc/>
    public static int Dot(ref sbyte row, ref sbyte vector, int columns)
    {
        Vector256<int> sum = Vector256<int>.Zero;
        int j = 0;
        for (; j <= columns - Step; j += Step)
        {
            sum = AvxVnni.MultiplyWideningAndAdd(sum, Avx2DotPath.Widen(ref row, j), Avx2DotPath.Widen(ref vector, j));
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
            Vector256<short> x = Avx2DotPath.Widen(ref vector, j);
            sum0 = AvxVnni.MultiplyWideningAndAdd(sum0, Avx2DotPath.Widen(ref row0, j), x);
            sum1 = AvxVnni.MultiplyWideningAndAdd(sum1, Avx2DotPath.Widen(ref row1, j), x);
            sum2 = AvxVnni.MultiplyWideningAndAdd(sum2, Avx2DotPath.Widen(ref row2, j), x);
            sum3 = AvxVnni.MultiplyWideningAndAdd(sum3, Avx2DotPath.Widen(ref row3, j), x);
        }

        Vector128<int> sums = Avx2DotPath.Reduce(sum0, sum1, sum2, sum3);
        return sums;
    }

    /// <inheritdoc/>
    public static int Dot(ref short row, ref sbyte vector, int columns)
    {
        Vector256<int> sum = Vector256<int>.Zero;
        int j = 0;
        for (; j <= columns - Step; j += Step)
        {
            sum = AvxVnni.MultiplyWideningAndAdd(sum, Vector256.LoadUnsafe(ref row, (nuint)j), Avx2DotPath.Widen(ref vector, j));
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
            Vector256<short> x = Avx2DotPath.Widen(ref vector, j);
            sum0 = AvxVnni.MultiplyWideningAndAdd(sum0, Vector256.LoadUnsafe(ref row0, (nuint)j), x);
            sum1 = AvxVnni.MultiplyWideningAndAdd(sum1, Vector256.LoadUnsafe(ref row1, (nuint)j), x);
            sum2 = AvxVnni.MultiplyWideningAndAdd(sum2, Vector256.LoadUnsafe(ref row2, (nuint)j), x);
            sum3 = AvxVnni.MultiplyWideningAndAdd(sum3, Vector256.LoadUnsafe(ref row3, (nuint)j), x);
        }

        Vector128<int> sums = Avx2DotPath.Reduce(sum0, sum1, sum2, sum3);
        return sums;
    }
}
