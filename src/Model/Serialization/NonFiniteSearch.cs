using System.Buffers.Binary;

namespace EdgeLstm.Model.Serialization;

/// <summary>
/// Finds NaN and infinite values in the little-endian bytes of a floating-point tensor.
/// </summary>
/// <remarks>
/// The search reads exponent bits instead of converting, so F16 and BF16 need no conversion and a
/// signalling NaN is found like any other.
/// </remarks>
internal static class NonFiniteSearch
{
    /// <summary>Searches for the first element that is NaN or infinite.</summary>
    /// <param name="dtype">The element type; types that are not floating point never hold such values.</param>
    /// <param name="data">The little-endian element bytes.</param>
    /// <param name="isNaN">When an element is found, <see langword="true"/> if it is NaN, <see langword="false"/> if it is infinite.</param>
    /// <returns>The index of the first non-finite element, or -1 if every element is finite.</returns>
    public static long IndexOfNonFinite(SafeTensorDType dtype, ReadOnlySpan<byte> data, out bool isNaN)
    {
        isNaN = false;
        int size = dtype.GetElementSize();
        if (!dtype.IsFloatingPoint())
        {
            return -1;
        }

        for (int offset = 0; offset + size <= data.Length; offset += size)
        {
            ReadOnlySpan<byte> element = data.Slice(offset, size);
            (ulong bits, ulong exponentMask) = dtype switch
            {
                SafeTensorDType.F64 => (BinaryPrimitives.ReadUInt64LittleEndian(element), 0x7FF0_0000_0000_0000UL),
                SafeTensorDType.F32 => (BinaryPrimitives.ReadUInt32LittleEndian(element), 0x7F80_0000UL),
                SafeTensorDType.F16 => (BinaryPrimitives.ReadUInt16LittleEndian(element), 0x7C00UL),
                _ => (BinaryPrimitives.ReadUInt16LittleEndian(element), 0x7F80UL),
            };

            // All exponent bits set means infinity (zero mantissa) or NaN (non-zero mantissa).
            if ((bits & exponentMask) == exponentMask)
            {
                ulong signBit = 1UL << ((size * 8) - 1);
                ulong mantissaMask = (signBit - 1) & ~exponentMask;
                isNaN = (bits & mantissaMask) != 0;
                return offset / size;
            }
        }

        return -1;
    }
}
