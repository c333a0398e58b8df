using System.Diagnostics.CodeAnalysis;

namespace EdgeLstm.Model.Serialization;

/// <summary>
/// Provides the element size and the file spelling of each <see cref="SafeTensorDType"/>.
/// </summary>
public static class SafeTensorDTypeExtensions
{
    /// <summary>Gets the size in bytes of one element of the specified type.</summary>
    /// <param name="dtype">The element type.</param>
    /// <returns>1, 2, 4 or 8.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtype"/> is not a defined value.</exception>
    public static int GetElementSize(this SafeTensorDType dtype) => dtype switch
    {
        SafeTensorDType.F64 or SafeTensorDType.I64 => 8,
        SafeTensorDType.F32 or SafeTensorDType.I32 => 4,
        SafeTensorDType.F16 or SafeTensorDType.BF16 or SafeTensorDType.I16 => 2,
        SafeTensorDType.I8 or SafeTensorDType.U8 or SafeTensorDType.Bool => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown safetensors dtype."),
    };

    /// <summary>Gets the exact string that a safetensors header uses for the specified type.</summary>
    /// <param name="dtype">The element type.</param>
    /// <returns>The dtype string, such as <c>"F32"</c> or <c>"BOOL"</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtype"/> is not a defined value.</exception>
    public static string ToSafeTensorsName(this SafeTensorDType dtype) => dtype switch
    {
        SafeTensorDType.F64 => "F64",
        SafeTensorDType.F32 => "F32",
        SafeTensorDType.F16 => "F16",
        SafeTensorDType.BF16 => "BF16",
        SafeTensorDType.I64 => "I64",
        SafeTensorDType.I32 => "I32",
        SafeTensorDType.I16 => "I16",
        SafeTensorDType.I8 => "I8",
        SafeTensorDType.U8 => "U8",
        SafeTensorDType.Bool => "BOOL",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown safetensors dtype."),
    };

    /// <summary>Gets whether the specified type holds floating-point values, which must be finite in a model file.</summary>
    /// <param name="dtype">The element type.</param>
    /// <returns><see langword="true"/> for F64, F32, F16 and BF16; otherwise, <see langword="false"/>.</returns>
    public static bool IsFloatingPoint(this SafeTensorDType dtype) =>
        dtype is SafeTensorDType.F64 or SafeTensorDType.F32 or SafeTensorDType.F16 or SafeTensorDType.BF16;

    /// <summary>Converts a safetensors dtype string to a <see cref="SafeTensorDType"/>.</summary>
    /// <param name="name">The dtype string; the comparison is exact and case-sensitive, as in the file format.</param>
    /// <param name="dtype">When this method returns <see langword="true"/>, the element type.</param>
    /// <returns><see langword="true"/> if <paramref name="name"/> is a supported dtype string; otherwise, <see langword="false"/>.</returns>
    public static bool TryParseSafeTensorsName([NotNullWhen(true)] string? name, out SafeTensorDType dtype)
    {
        SafeTensorDType? parsed = name switch
        {
            "F64" => SafeTensorDType.F64,
            "F32" => SafeTensorDType.F32,
            "F16" => SafeTensorDType.F16,
            "BF16" => SafeTensorDType.BF16,
            "I64" => SafeTensorDType.I64,
            "I32" => SafeTensorDType.I32,
            "I16" => SafeTensorDType.I16,
            "I8" => SafeTensorDType.I8,
            "U8" => SafeTensorDType.U8,
            "BOOL" => SafeTensorDType.Bool,
            _ => null,
        };
        dtype = parsed.GetValueOrDefault();
        return parsed.HasValue;
    }
}
