namespace EdgeLstm.Model.Serialization;

/// <summary>
/// Specifies the element type of a tensor in a safetensors file.
/// </summary>
/// <remarks>
/// Every element is stored little-endian. <see cref="SafeTensorDTypeExtensions.ToSafeTensorsName"/> gives
/// the exact string a file uses (for example <c>"F32"</c>).
/// </remarks>
public enum SafeTensorDType
{
    /// <summary>IEEE 754 binary64 (<c>"F64"</c>).</summary>
    F64,

    /// <summary>IEEE 754 binary32 (<c>"F32"</c>).</summary>
    F32,

    /// <summary>IEEE 754 binary16 (<c>"F16"</c>).</summary>
    F16,

    /// <summary>bfloat16: the upper 16 bits of a binary32 (<c>"BF16"</c>).</summary>
    BF16,

    /// <summary>Signed 64-bit integer (<c>"I64"</c>).</summary>
    I64,

    /// <summary>Signed 32-bit integer (<c>"I32"</c>).</summary>
    I32,

    /// <summary>Signed 16-bit integer (<c>"I16"</c>).</summary>
    I16,

    /// <summary>Signed 8-bit integer (<c>"I8"</c>).</summary>
    I8,

    /// <summary>Unsigned 8-bit integer (<c>"U8"</c>).</summary>
    U8,

    /// <summary>Boolean stored as one byte (<c>"BOOL"</c>).</summary>
    Bool,
}
