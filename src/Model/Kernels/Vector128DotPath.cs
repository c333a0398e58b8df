using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EdgeLstm.Model.Kernels;

/// <summary>
/// Computes dot products with portable 128-bit vectors only: the path of a Raspberry Pi 4 (Arm64 AdvSimd without
/// the dot-product extension), and of any machine with 128-bit SIMD.
/// </summary>
/// <remarks>
/// 16 columns per step. Int8 operands are sign-extended to int16; an int8 × int8 product (at most 2^14 in
/// magnitude) is exact in int16, and each product is sign-extended to int32 before it is added. Int16 weights
/// (at most 2304 in magnitude) are multiplied in int32.
/// </remarks>
internal readonly struct Vector128DotPath : IDotProductPath<sbyte>, IDotProductPath<short>
{
    private const int Step = 16;

    /// <inheritdoc/>
    public static string Name => "Vector128";

    /// <inheritdoc/>
    public static bool IsSupported => Vector128.IsHardwareAccelerated;

    /// <inheritdoc/>
    public static int Dot(ref sbyte row, ref sbyte vector, int columns)
    {
        Vector128<int> sum = Vector128<int>.Zero;
        int j = 0;
        for (; j <= columns - Step; j += Step)
        {
            (Vector128<short> xLow, Vector128<short> xHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref vector, (nuint)j));
            sum += Products(Vector128.LoadUnsafe(ref row, (nuint)j), xLow, xHigh);
        }

        return Vector128.Sum(sum);
    }

    /// <inheritdoc/>
    public static Vector128<int> Dot4(ref sbyte row0, int stride, ref sbyte vector, int columns)
    {
        ref sbyte row1 = ref Unsafe.Add(ref row0, stride);
        ref sbyte row2 = ref Unsafe.Add(ref row1, stride);
        ref sbyte row3 = ref Unsafe.Add(ref row2, stride);
        Vector128<int> sum0 = Vector128<int>.Zero;
        Vector128<int> sum1 = Vector128<int>.Zero;
        Vector128<int> sum2 = Vector128<int>.Zero;
        Vector128<int> sum3 = Vector128<int>.Zero;
        int j = 0;
        for (; j <= columns - Step; j += Step)
        {
            (Vector128<short> xLow, Vector128<short> xHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref vector, (nuint)j));
            sum0 += Products(Vector128.LoadUnsafe(ref row0, (nuint)j), xLow, xHigh);
            sum1 += Products(Vector128.LoadUnsafe(ref row1, (nuint)j), xLow, xHigh);
            sum2 += Products(Vector128.LoadUnsafe(ref row2, (nuint)j), xLow, xHigh);
            sum3 += Products(Vector128.LoadUnsafe(ref row3, (nuint)j), xLow, xHigh);
        }

        return Vector128.Create(Vector128.Sum(sum0), Vector128.Sum(sum1), Vector128.Sum(sum2), Vector128.Sum(sum3));
    }

    /// <inheritdoc/>
    public static int Dot(ref short row, ref sbyte vector, int columns)
    {
        Vector128<int> sum = Vector128<int>.Zero;
        int j = 0;
        for (; j <= columns - Step; j += Step)
        {
            (Vector128<short> xLow, Vector128<short> xHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref vector, (nuint)j));
            sum += Products(Vector128.LoadUnsafe(ref row, (nuint)j), xLow) + Products(Vector128.LoadUnsafe(ref row, (nuint)(j + 8)), xHigh);
        }

        return Vector128.Sum(sum);
    }

    /// <inheritdoc/>
    public static Vector128<int> Dot4(ref short row0, int stride, ref sbyte vector, int columns)
    {
        ref short row1 = ref Unsafe.Add(ref row0, stride);
        ref short row2 = ref Unsafe.Add(ref row1, stride);
        ref short row3 = ref Unsafe.Add(ref row2, stride);
        Vector128<int> sum0 = Vector128<int>.Zero;
        Vector128<int> sum1 = Vector128<int>.Zero;
        Vector128<int> sum2 = Vector128<int>.Zero;
        Vector128<int> sum3 = Vector128<int>.Zero;
        int j = 0;
        for (; j <= columns - Step; j += Step)
        {
            (Vector128<short> xLow, Vector128<short> xHigh) = Vector128.Widen(Vector128.LoadUnsafe(ref vector, (nuint)j));
            sum0 += Products(Vector128.LoadUnsafe(ref row0, (nuint)j), xLow) + Products(Vector128.LoadUnsafe(ref row0, (nuint)(j + 8)), xHigh);
            sum1 += Products(Vector128.LoadUnsafe(ref row1, (nuint)j), xLow) + Products(Vector128.LoadUnsafe(ref row1, (nuint)(j + 8)), xHigh);
            sum2 += Products(Vector128.LoadUnsafe(ref row2, (nuint)j), xLow) + Products(Vector128.LoadUnsafe(ref row2, (nuint)(j + 8)), xHigh);
            sum3 += Products(Vector128.LoadUnsafe(ref row3, (nuint)j), xLow) + Products(Vector128.LoadUnsafe(ref row3, (nuint)(j + 8)), xHigh);
        }

        return Vector128.Create(Vector128.Sum(sum0), Vector128.Sum(sum1), Vector128.Sum(sum2), Vector128.Sum(sum3));
    }

    // Sixteen int8 × int8 products, exact in int16, summed into four int32 lanes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Products(Vector128<sbyte> weights, Vector128<short> xLow, Vector128<short> xHigh)
    {
        (Vector128<short> wLow, Vector128<short> wHigh) = Vector128.Widen(weights);
        (Vector128<int> p0, Vector128<int> p1) = Vector128.Widen(wLow * xLow);
        (Vector128<int> p2, Vector128<int> p3) = Vector128.Widen(wHigh * xHigh);
        return (p0 + p1) + (p2 + p3);
    }

    // Eight int16 × int8 products, formed in int32, summed into four int32 lanes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Products(Vector128<short> weights, Vector128<short> x)
    {
        (Vector128<int> wLow, Vector128<int> wHigh) = Vector128.Widen(weights);
        (Vector128<int> xLow, Vector128<int> xHigh) = Vector128.Widen(x);
        return (wLow * xLow) + (wHigh * xHigh);
    }
}
