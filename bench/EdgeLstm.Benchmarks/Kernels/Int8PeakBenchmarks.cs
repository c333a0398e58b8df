using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using BenchmarkDotNet.Attributes;

namespace EdgeLstm.Benchmarks.Kernels;

/// <summary>
/// Measures this CPU's int8 multiply-accumulate peak on each instruction path of the dense kernels, with the
/// operands in registers: BenchmarkDotNet reports nanoseconds per multiply-accumulate (1 / that = GMAC/s).
/// </summary>
/// <remarks>
/// Each path repeats the arithmetic of one kernel step (<see cref="EdgeLstm.Model.Kernels.Avx512DotPath"/>,
/// <see cref="EdgeLstm.Model.Kernels.Avx2DotPath"/>, <see cref="EdgeLstm.Model.Kernels.Vector128DotPath"/>) without
/// the loads and the int8 → int16 widening of the weights: VPMADDWD then VPADDD into an accumulator. Eight
/// independent chains cover the multiply's latency. Each chain feeds its product back as the next multiplicand, so
/// the JIT cannot hoist the multiply out of the loop. .NET 10 exposes no AVX-512 VNNI (there is no
/// <c>Avx512Vnni</c> class; <see cref="AvxVnni"/> is the VEX form, absent on AMD Zen 4), so VPMADDWD is the peak
/// path the kernels can reach on such a CPU. The x64 benchmarks return 0 where the path is not supported.
/// </remarks>
public class Int8PeakBenchmarks
{
    private const int Iterations = 1024;
    private const int Chains = 8;
    private const int MacsPerZmm = 32;
    private const int MacsPerYmm = 16;
    private const int MacsPerPortableStep = 16;

    private short _seed;
    private short _multiplier;

    [GlobalSetup]
    public void Setup()
    {
        // Read from fields so that the JIT cannot fold the chains into constants.
        _seed = 3;
        _multiplier = 5;
    }

    /// <summary>Runs 512-bit VPMADDWD + VPADDD: 32 int16 multiply-accumulates per instruction pair.</summary>
    [Benchmark(OperationsPerInvoke = Iterations * Chains * MacsPerZmm)]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Avx512BWVpmaddwdZmm()
    {
        if (!Avx512BW.IsSupported)
        {
            return 0;
        }

        Vector512<short> x = Vector512.Create(_multiplier);
        Vector512<int> p0 = Vector512.Create((int)_seed), p1 = p0 + Vector512<int>.One, p2 = p1 + Vector512<int>.One, p3 = p2 + Vector512<int>.One;
        Vector512<int> p4 = p3 + Vector512<int>.One, p5 = p4 + Vector512<int>.One, p6 = p5 + Vector512<int>.One, p7 = p6 + Vector512<int>.One;
        Vector512<int> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        for (int i = 0; i < Iterations; i++)
        {
            p0 = Avx512BW.MultiplyAddAdjacent(p0.AsInt16(), x);
            p1 = Avx512BW.MultiplyAddAdjacent(p1.AsInt16(), x);
            p2 = Avx512BW.MultiplyAddAdjacent(p2.AsInt16(), x);
            p3 = Avx512BW.MultiplyAddAdjacent(p3.AsInt16(), x);
            p4 = Avx512BW.MultiplyAddAdjacent(p4.AsInt16(), x);
            p5 = Avx512BW.MultiplyAddAdjacent(p5.AsInt16(), x);
            p6 = Avx512BW.MultiplyAddAdjacent(p6.AsInt16(), x);
            p7 = Avx512BW.MultiplyAddAdjacent(p7.AsInt16(), x);
            a0 = Avx512F.Add(a0, p0);
            a1 = Avx512F.Add(a1, p1);
            a2 = Avx512F.Add(a2, p2);
            a3 = Avx512F.Add(a3, p3);
            a4 = Avx512F.Add(a4, p4);
            a5 = Avx512F.Add(a5, p5);
            a6 = Avx512F.Add(a6, p6);
            a7 = Avx512F.Add(a7, p7);
        }

        return Vector512.Sum((a0 + a1) + (a2 + a3) + (a4 + a5) + (a6 + a7));
    }

    /// <summary>Runs 256-bit VPMADDWD + VPADDD: 16 int16 multiply-accumulates per instruction pair.</summary>
    [Benchmark(OperationsPerInvoke = Iterations * Chains * MacsPerYmm)]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Avx2VpmaddwdYmm()
    {
        if (!Avx2.IsSupported)
        {
            return 0;
        }

        Vector256<short> x = Vector256.Create(_multiplier);
        Vector256<int> p0 = Vector256.Create((int)_seed), p1 = p0 + Vector256<int>.One, p2 = p1 + Vector256<int>.One, p3 = p2 + Vector256<int>.One;
        Vector256<int> p4 = p3 + Vector256<int>.One, p5 = p4 + Vector256<int>.One, p6 = p5 + Vector256<int>.One, p7 = p6 + Vector256<int>.One;
        Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        for (int i = 0; i < Iterations; i++)
        {
            p0 = Avx2.MultiplyAddAdjacent(p0.AsInt16(), x);
            p1 = Avx2.MultiplyAddAdjacent(p1.AsInt16(), x);
            p2 = Avx2.MultiplyAddAdjacent(p2.AsInt16(), x);
            p3 = Avx2.MultiplyAddAdjacent(p3.AsInt16(), x);
            p4 = Avx2.MultiplyAddAdjacent(p4.AsInt16(), x);
            p5 = Avx2.MultiplyAddAdjacent(p5.AsInt16(), x);
            p6 = Avx2.MultiplyAddAdjacent(p6.AsInt16(), x);
            p7 = Avx2.MultiplyAddAdjacent(p7.AsInt16(), x);
            a0 = Avx2.Add(a0, p0);
            a1 = Avx2.Add(a1, p1);
            a2 = Avx2.Add(a2, p2);
            a3 = Avx2.Add(a3, p3);
            a4 = Avx2.Add(a4, p4);
            a5 = Avx2.Add(a5, p5);
            a6 = Avx2.Add(a6, p6);
            a7 = Avx2.Add(a7, p7);
        }

        return Vector256.Sum((a0 + a1) + (a2 + a3) + (a4 + a5) + (a6 + a7));
    }

    /// <summary>Runs the portable Vector128 step: widen, int16 multiply, widen the products, add; 16 multiply-accumulates per step.</summary>
    [Benchmark(OperationsPerInvoke = Iterations * Chains * MacsPerPortableStep)]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Vector128Portable()
    {
        (Vector128<short> xLow, Vector128<short> xHigh) = Vector128.Widen(Vector128.Create((sbyte)_multiplier));
        Vector128<int> p0 = Vector128.Create((int)_seed), p1 = p0 + Vector128<int>.One, p2 = p1 + Vector128<int>.One, p3 = p2 + Vector128<int>.One;
        Vector128<int> p4 = p3 + Vector128<int>.One, p5 = p4 + Vector128<int>.One, p6 = p5 + Vector128<int>.One, p7 = p6 + Vector128<int>.One;
        Vector128<int> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        for (int i = 0; i < Iterations; i++)
        {
            p0 = Products(p0, xLow, xHigh);
            p1 = Products(p1, xLow, xHigh);
            p2 = Products(p2, xLow, xHigh);
            p3 = Products(p3, xLow, xHigh);
            p4 = Products(p4, xLow, xHigh);
            p5 = Products(p5, xLow, xHigh);
            p6 = Products(p6, xLow, xHigh);
            p7 = Products(p7, xLow, xHigh);
            a0 += p0;
            a1 += p1;
            a2 += p2;
            a3 += p3;
            a4 += p4;
            a5 += p5;
            a6 += p6;
            a7 += p7;
        }

        return Vector128.Sum((a0 + a1) + (a2 + a3) + (a4 + a5) + (a6 + a7));
    }

    // Vector128DotPath's sixteen int8 products summed into four int32 lanes, on the previous sums read as int8.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Products(Vector128<int> previous, Vector128<short> xLow, Vector128<short> xHigh)
    {
        (Vector128<short> wLow, Vector128<short> wHigh) = Vector128.Widen(previous.AsSByte());
        (Vector128<int> p0, Vector128<int> p1) = Vector128.Widen(wLow * xLow);
        (Vector128<int> p2, Vector128<int> p3) = Vector128.Widen(wHigh * xHigh);
        return (p0 + p1) + (p2 + p3);
    }
}
