using System.Text.Json.Serialization;

namespace EdgeLstm.Model;

/// <summary>Names how the integer model stores its weight matrices (the <c>scheme</c> of the <c>quantization</c> section).</summary>
public enum QuantizationScheme
{
    /// <summary>Dense int8, symmetric, one scale per output row.</summary>
    [JsonStringEnumMemberName("int8")]
    DenseInt8,

    /// <summary>FloatSD8 codes with one exponent offset per tensor, decoded exactly to integers.</summary>
    [JsonStringEnumMemberName("floatsd8")]
    FloatSD8,

    /// <summary>Int8 as <see cref="DenseInt8"/>, the cell's matrices stored in compressed sparse rows.</summary>
    [JsonStringEnumMemberName("sparse_int8")]
    SparseInt8,
}
