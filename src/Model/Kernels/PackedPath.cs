namespace EdgeLstm.Model.Kernels;

/// <summary>Names the instruction paths of the packed int8 layout (<see cref="PackedInt8Weights"/>).</summary>
internal enum PackedPath
{
    /// <summary>Portable 128-bit vectors, on machines without one of the paths below.</summary>
    Vector128,

    /// <summary>Arm64 NEON: SMULL and SADALP, what a Raspberry Pi 4 runs.</summary>
    Arm64,

    /// <summary>x64 AVX2: VPMOVSXBW and VPMADDWD on 256-bit registers.</summary>
    Avx2,

    /// <summary>x64 AVX-512BW: the same on 512-bit registers.</summary>
    Avx512,
}
