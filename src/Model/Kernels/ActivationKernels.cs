using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Model.Kernels;

/// <summary>
/// Applies the integer sigmoid and tanh of <see cref="IntegerActivations"/> to whole spans, with an AVX-512BW path
/// that looks the table up with register permutes instead of one load per element, and AVX2 and portable Vector128
/// paths that compute everything but the table reads in vector lanes.
/// </summary>
/// <remarks>
/// <para>The AVX-512BW path computes the scalar definition exactly: the 256 table points T[k] and steps
/// D[k] = T[k+1] − T[k] sit in eight registers each; VPERMT2W picks within a 64-entry block by the index's low six bits
/// and two selects pick the block. The interpolation term (D · f + 128) >> 8, f = u &amp; 255, is VPMULHRSW(D, f · 128),
/// which computes (D · f · 128 + 2^14) >> 15, the same integer. Lanes wrap modulo 2^16 where the scalar code's int32
/// results fit int16 anyway.</para>
/// <para>Without permutes over 256 entries (and without unsafe code for a gather), the AVX2 and Vector128 paths read
/// one int32 per element from a table holding T[k] in its low half and D[k] in its high half, and do the sign, the
/// doubling for tanh, the interpolation and the reflection in int32 lanes with the scalar code's exact integers.</para>
/// </remarks>
internal static class ActivationKernels
{
    private const int Step = 32;

    // T[k] | D[k] << 16 for k = 0..255: one read gives both halves of an interpolation.
    private static readonly int[] s_pointsAndDifferences = CreatePointsAndDifferences();

    /// <summary>Replaces each Q3.12 value by its sigmoid in Q0.15.</summary>
    /// <remarks>This method effectively computes <c>values[i] = IntegerActivations.Sigmoid(values[i])</c>.</remarks>
    public static void Sigmoid(Span<short> values)
    {
        if (Avx512BW.IsSupported)
        {
            ActivateAvx512(values, tanh: false);
        }
        else if (Avx2.IsSupported)
        {
            ActivateVector256(values, tanh: false);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            ActivateVector128(values, tanh: false);
        }
        else
        {
            SigmoidReference(values);
        }
    }

    /// <summary>Replaces each Q3.12 value by its tanh in Q0.15.</summary>
    /// <remarks>This method effectively computes <c>values[i] = IntegerActivations.Tanh(values[i])</c>.</remarks>
    public static void Tanh(Span<short> values)
    {
        if (Avx512BW.IsSupported)
        {
            ActivateAvx512(values, tanh: true);
        }
        else if (Avx2.IsSupported)
        {
            ActivateVector256(values, tanh: true);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            ActivateVector128(values, tanh: true);
        }
        else
        {
            TanhReference(values);
        }
    }

    /// <summary>Activates stacked gate pre-activations: tanh on one gate's range, sigmoid on all others.</summary>
    /// <param name="values">The Q3.12 pre-activations, replaced by Q0.15 gates.</param>
    /// <param name="tanhStart">The first value of the tanh range.</param>
    /// <param name="tanhLength">The length of the tanh range.</param>
    /// <remarks>This method effectively computes <see cref="Sigmoid"/> and <see cref="Tanh"/> on the three ranges; the
    /// AVX-512 path loads its tables into registers once for all of them.</remarks>
    public static void ActivateGates(Span<short> values, int tanhStart, int tanhLength)
    {
        Span<short> before = values[..tanhStart];
        Span<short> candidate = values.Slice(tanhStart, tanhLength);
        Span<short> after = values[(tanhStart + tanhLength)..];
        if (Avx512BW.IsSupported)
        {
            var points = new Block(ref MemoryMarshal.GetReference(IntegerActivations.Table));
            var differences = new Block(ref MemoryMarshal.GetReference(IntegerActivations.Differences));
            ActivateAvx512(before, tanh: false, points, differences);
            ActivateAvx512(candidate, tanh: true, points, differences);
            ActivateAvx512(after, tanh: false, points, differences);
        }
        else if (Avx2.IsSupported)
        {
            ActivateVector256(before, tanh: false);
            ActivateVector256(candidate, tanh: true);
            ActivateVector256(after, tanh: false);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            ActivateVector128(before, tanh: false);
            ActivateVector128(candidate, tanh: true);
            ActivateVector128(after, tanh: false);
        }
        else
        {
            SigmoidReference(before);
            TanhReference(candidate);
            SigmoidReference(after);
        }
    }

    /// <summary>Applies the scalar sigmoid element by element.</summary>
    internal static void SigmoidReference(Span<short> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = IntegerActivations.Sigmoid(values[i]);
        }
    }

    /// <summary>Applies the scalar tanh element by element.</summary>
    internal static void TanhReference(Span<short> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = IntegerActivations.Tanh(values[i]);
        }
    }

    /// <summary>Applies the sigmoid or tanh 32 lanes at a time with AVX-512BW, the rest with the scalar code; the caller checks support.</summary>
    internal static void ActivateAvx512(Span<short> values, bool tanh)
    {
        var points = new Block(ref MemoryMarshal.GetReference(IntegerActivations.Table));
        var differences = new Block(ref MemoryMarshal.GetReference(IntegerActivations.Differences));
        ActivateAvx512(values, tanh, points, differences);
    }

    /// <summary>Applies the sigmoid or tanh 16 lanes at a time with AVX2 (one table read per element), the rest with the scalar code; the caller checks support.</summary>
    internal static void ActivateVector256(Span<short> values, bool tanh)
    {
        const int MidStep = 16;
        ref short data = ref MemoryMarshal.GetReference(values);
        ref int table = ref MemoryMarshal.GetArrayDataReference(s_pointsAndDifferences);
        int i = 0;
        for (; i <= values.Length - MidStep; i += MidStep)
        {
            (Vector256<int> low, Vector256<int> high) = Vector256.Widen(Vector256.LoadUnsafe(ref data, (nuint)i));
            Vector256.Narrow(Activate(low, tanh, ref table), Activate(high, tanh, ref table)).StoreUnsafe(ref data, (nuint)i);
        }

        ActivateVector128(values[i..], tanh);
    }

    /// <summary>Applies the sigmoid or tanh eight lanes at a time with portable vectors (one table read per element), the rest with the scalar code.</summary>
    internal static void ActivateVector128(Span<short> values, bool tanh)
    {
        const int SmallStep = 8;
        ref short data = ref MemoryMarshal.GetReference(values);
        ref int table = ref MemoryMarshal.GetArrayDataReference(s_pointsAndDifferences);
        int i = 0;
        for (; i <= values.Length - SmallStep; i += SmallStep)
        {
            (Vector128<int> low, Vector128<int> high) = Vector128.Widen(Vector128.LoadUnsafe(ref data, (nuint)i));
            Vector128.Narrow(Activate(low, tanh, ref table), Activate(high, tanh, ref table)).StoreUnsafe(ref data, (nuint)i);
        }

        if (tanh)
        {
            TanhReference(values[i..]);
        }
        else
        {
            SigmoidReference(values[i..]);
        }
    }

    // IntegerActivations.Sigmoid or Tanh of eight Q3.12 values in int32 lanes, in the scalar code's integers.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Activate(Vector256<int> x, bool tanh, ref int table)
    {
        Vector256<int> sign = Vector256.ShiftRightArithmetic(x, 31);
        Vector256<int> magnitude = (x ^ sign) - sign;
        if (tanh)
        {
            magnitude = Vector256.Min(magnitude + magnitude, Vector256.Create(65535));
        }

        Vector256<int> index = Vector256.ShiftRightLogical(magnitude, 8);
        Vector256<int> entries = Vector256.Create(
            Vector128.Create(Unsafe.Add(ref table, index.GetElement(0)), Unsafe.Add(ref table, index.GetElement(1)), Unsafe.Add(ref table, index.GetElement(2)), Unsafe.Add(ref table, index.GetElement(3))),
            Vector128.Create(Unsafe.Add(ref table, index.GetElement(4)), Unsafe.Add(ref table, index.GetElement(5)), Unsafe.Add(ref table, index.GetElement(6)), Unsafe.Add(ref table, index.GetElement(7))));
        Vector256<int> point = Vector256.ShiftRightArithmetic(Vector256.ShiftLeft(entries, 16), 16);
        Vector256<int> difference = Vector256.ShiftRightArithmetic(entries, 16);
        Vector256<int> positive = point + Vector256.ShiftRightArithmetic((difference * (magnitude & Vector256.Create(255))) + Vector256.Create(128), 8);
        return tanh
            ? ((positive + positive - Vector256.Create(32768)) ^ sign) - sign
            : ((positive ^ sign) - sign) + (sign & Vector256.Create(32768));
    }

    // The 128-bit form of the above, four lanes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Activate(Vector128<int> x, bool tanh, ref int table)
    {
        Vector128<int> sign = Vector128.ShiftRightArithmetic(x, 31);
        Vector128<int> magnitude = (x ^ sign) - sign;
        if (tanh)
        {
            magnitude = Vector128.Min(magnitude + magnitude, Vector128.Create(65535));
        }

        Vector128<int> index = Vector128.ShiftRightLogical(magnitude, 8);
        Vector128<int> entries = Vector128.Create(Unsafe.Add(ref table, index.GetElement(0)), Unsafe.Add(ref table, index.GetElement(1)), Unsafe.Add(ref table, index.GetElement(2)), Unsafe.Add(ref table, index.GetElement(3)));
        Vector128<int> point = Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(entries, 16), 16);
        Vector128<int> difference = Vector128.ShiftRightArithmetic(entries, 16);
        Vector128<int> positive = point + Vector128.ShiftRightArithmetic((difference * (magnitude & Vector128.Create(255))) + Vector128.Create(128), 8);
        return tanh
            ? ((positive + positive - Vector128.Create(32768)) ^ sign) - sign
            : ((positive ^ sign) - sign) + (sign & Vector128.Create(32768));
    }

    private static int[] CreatePointsAndDifferences()
    {
        ReadOnlySpan<short> points = IntegerActivations.Table;
        ReadOnlySpan<short> differences = IntegerActivations.Differences;
        var entries = new int[differences.Length];
        for (int k = 0; k < entries.Length; k++)
        {
            entries[k] = (points[k] & 0xFFFF) | (differences[k] << 16);
        }

        return entries;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ActivateAvx512(Span<short> values, bool tanh, in Block points, in Block differences)
    {
        ref short data = ref MemoryMarshal.GetReference(values);
        int i = 0;
        for (; i <= values.Length - Step; i += Step)
        {
            Vector512<short> x = Vector512.LoadUnsafe(ref data, (nuint)i);
            Vector512<short> sign = Vector512.ShiftRightArithmetic(x, 15);

            // |x| as unsigned (|−32768| = 32768), doubled with saturation at 65535 for tanh(x) = 2σ(2x) − 1.
            Vector512<ushort> u = ((x ^ sign) - sign).AsUInt16();
            if (tanh)
            {
                u = Avx512BW.AddSaturate(u, u);
            }

            Vector512<short> index = Vector512.ShiftRightLogical(u, 8).AsInt16();
            Vector512<short> fraction = Vector512.ShiftLeft(u & Vector512.Create((ushort)255), 7).AsInt16();
            Vector512<short> y = points.Lookup(index) + Avx512BW.MultiplyHighRoundScale(differences.Lookup(index), fraction);
            Vector512<short> result = tanh
                ? (y + y) + Vector512.Create(short.MinValue)
                : y;
            result = (result ^ sign) - sign;
            if (!tanh)
            {
                result += sign & Vector512.Create(short.MinValue);
            }

            result.StoreUnsafe(ref data, (nuint)i);
        }

        if (tanh)
        {
            TanhReference(values[i..]);
        }
        else
        {
            SigmoidReference(values[i..]);
        }
    }

    // 256 int16 entries in eight registers, looked up by an index in 0..255.
    private readonly struct Block
    {
        private readonly Vector512<short> _r0;
        private readonly Vector512<short> _r1;
        private readonly Vector512<short> _r2;
        private readonly Vector512<short> _r3;
        private readonly Vector512<short> _r4;
        private readonly Vector512<short> _r5;
        private readonly Vector512<short> _r6;
        private readonly Vector512<short> _r7;

        public Block(ref short entries)
        {
            _r0 = Vector512.LoadUnsafe(ref entries, 0);
            _r1 = Vector512.LoadUnsafe(ref entries, 32);
            _r2 = Vector512.LoadUnsafe(ref entries, 64);
            _r3 = Vector512.LoadUnsafe(ref entries, 96);
            _r4 = Vector512.LoadUnsafe(ref entries, 128);
            _r5 = Vector512.LoadUnsafe(ref entries, 160);
            _r6 = Vector512.LoadUnsafe(ref entries, 192);
            _r7 = Vector512.LoadUnsafe(ref entries, 224);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<short> Lookup(Vector512<short> index)
        {
            // VPERMT2W uses the low six bits; bits 6 and 7 choose among the four 64-entry blocks.
            Vector512<short> block0 = Avx512BW.PermuteVar32x16x2(_r0, index, _r1);
            Vector512<short> block1 = Avx512BW.PermuteVar32x16x2(_r2, index, _r3);
            Vector512<short> block2 = Avx512BW.PermuteVar32x16x2(_r4, index, _r5);
            Vector512<short> block3 = Avx512BW.PermuteVar32x16x2(_r6, index, _r7);
            Vector512<short> bit6 = Vector512.Equals(index & Vector512.Create((short)64), Vector512.Create((short)64));
            Vector512<short> bit7 = Vector512.Equals(index & Vector512.Create((short)128), Vector512.Create((short)128));
            return Vector512.ConditionalSelect(bit7, Vector512.ConditionalSelect(bit6, block3, block2), Vector512.ConditionalSelect(bit6, block1, block0));
        }
    }
}
