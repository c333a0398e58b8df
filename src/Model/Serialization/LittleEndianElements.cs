using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeLstm.Model.Serialization;

/// <summary>
/// Converts between primitive element spans and the little-endian bytes of a safetensors file.
/// </summary>
internal static class LittleEndianElements
{
    /// <summary>Copies elements to a new array of their little-endian bytes.</summary>
    /// <typeparam name="T">A primitive numeric type of size 1, 2, 4 or 8.</typeparam>
    /// <param name="values">The elements to copy.</param>
    /// <returns>An array of <c>values.Length * sizeof(T)</c> bytes.</returns>
    public static byte[] ToBytes<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        ReadOnlySpan<byte> native = MemoryMarshal.AsBytes(values);
        byte[] bytes = new byte[native.Length];
        CopyAsLittleEndian(native, bytes, Unsafe.SizeOf<T>());
        return bytes;
    }

    /// <summary>Copies little-endian bytes to a new array of elements.</summary>
    /// <typeparam name="T">A primitive numeric type of size 1, 2, 4 or 8.</typeparam>
    /// <param name="bytes">The little-endian bytes; the length is a multiple of <c>sizeof(T)</c>.</param>
    /// <returns>An array of <c>bytes.Length / sizeof(T)</c> elements.</returns>
    public static T[] FromBytes<T>(ReadOnlySpan<byte> bytes)
        where T : unmanaged
    {
        T[] values = new T[bytes.Length / Unsafe.SizeOf<T>()];
        CopyAsLittleEndian(bytes, MemoryMarshal.AsBytes(values.AsSpan()), Unsafe.SizeOf<T>());
        return values;
    }

    // Byte order is its own inverse, so one routine serves both directions.
    private static void CopyAsLittleEndian(ReadOnlySpan<byte> source, Span<byte> destination, int elementSize)
    {
        if (BitConverter.IsLittleEndian || elementSize == 1)
        {
            source.CopyTo(destination);
            return;
        }

        switch (elementSize)
        {
            case 2:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ushort>(source), MemoryMarshal.Cast<byte, ushort>(destination));
                break;
            case 4:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, uint>(source), MemoryMarshal.Cast<byte, uint>(destination));
                break;
            default:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ulong>(source), MemoryMarshal.Cast<byte, ulong>(destination));
                break;
        }
    }
}
