namespace EdgeLstm.Model.Quantization;

/// <summary>Specifies how an integer cell stores its weight matrices.</summary>
internal enum WeightFormat
{
    /// <summary>Dense int8, symmetric, one scale per output row.</summary>
    Int8,

    /// <summary>FloatSD8 codes with one exponent offset per tensor, decoded exactly to integers k · 2^e.</summary>
    FloatSD8,

    /// <summary>Int8 as <see cref="Int8"/>, stored in compressed sparse rows.</summary>
    SparseInt8,
}
