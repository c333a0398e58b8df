namespace EdgeLstm.Trainer.FloatSD8;

/// <summary>Holds the settings of FloatSD8 training (Liu and Chiueh 2020): FloatSD8 weights over an FP16 master copy, FP8 activations and gradients.</summary>
/// <remarks>The defaults are the paper's scheme; the switches exist to measure each part's cost on its own.</remarks>
internal sealed record FloatSD8Options
{
    /// <summary>Gets a value indicating whether step inputs and hidden and cell states are rounded to FP8 E4M3.</summary>
    public bool Fp8Activations { get; init; } = true;

    /// <summary>Gets a value indicating whether the hidden and cell gradients are rounded to FP8 E5M2.</summary>
    public bool Fp8Gradients { get; init; } = true;
}
