using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;

namespace EdgeLstm.Model.Kernels;

/// <summary>
/// Computes int8 dot products with the Arm64 dot-product extension (SDOT, Raspberry Pi 5 and other ARMv8.2+ cores).
/// </summary>
/// <remarks>
/// Mirrors <see cref="Vector128DotPath"/> step for step, 16 columns per step; SDOT adds four exact int8 × int8
/// products into each int32 lane (no intermediate rounding or saturation). Callers check
/// <see cref="IsSupported"/> first.
/// </remarks>
internal readonly struct ArmDotProductPath : IDotProductPath<sbyte>
{
    private const int Step = 16;

    /// <inheritdoc/>
    public static string Name => "Arm64 dot product";

    /// <inheritdoc/>
    public static bool IsSupported => Dp.IsSupported && AdvSimd.Arm64.IsSupported;

    /// <inheritdoc/>
    public static int Dot(ref sbyte row, ref sbyte vector, int columns)
    {
        Vector128<int> sum = Vector128<int>.Zero;
        int j = 0;
        for (; j <= columns - Step; j += Step)
        {
            sum = Dp.DotProduct(sum, Vector128.LoadUnsafe(ref row, (nuint)j), Vector128.LoadUnsafe(ref vector, (nuint)j));
        }

        return AdvSimd.Arm64.AddAcross(sum).ToScalar();
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
            Vector128<sbyte> x = Vector128.LoadUnsafe(ref vector, (nuint)j);
            sum0 = Dp.DotProduct(sum0, Vector128.LoadUnsafe(ref row0, (nuint)j), x);
            sum1 = Dp.DotProduct(sum1, Vector128.LoadUnsafe(ref row1, (nuint)j), x);
            sum2 = Dp.DotProduct(sum2, Vector128.LoadUnsafe(ref row2, (nuint)j), x);
            sum3 = Dp.DotProduct(sum3, Vector128.LoadUnsafe(ref row3, (nuint)j), x);
        }

        // Pairwise adds turn four accumulators into the four row sums: [Σsum0, Σsum1, Σsum2, Σsum3].
        Vector128<int> sums = AdvSimd.Arm64.AddPairwise(AdvSimd.Arm64.AddPairwise(sum0, sum1), AdvSimd.Arm64.AddPairwise(sum2, sum3));
        return sums;
    }
}
