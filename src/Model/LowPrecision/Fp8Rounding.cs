namespace EdgeLstm.Model.LowPrecision;

/// <summary>Rounds activations to FP8 E4M3 and gradients to FP8 E5M2, each tensor with its own power-of-two scale, as FloatSD8 training does.</summary>
/// <remarks>Stateless, so the training threads can share one instance.</remarks>
public sealed class Fp8Rounding : ISequenceRounding<float>
{
    /// <summary>Gets the shared instance.</summary>
    public static Fp8Rounding Instance { get; } = new();

    /// <inheritdoc/>
    public void RoundActivations(Span<float> values) => Fp8Format.E4M3.RoundTensor(values);

    /// <inheritdoc/>
    public void RoundGradients(Span<float> values) => Fp8Format.E5M2.RoundTensor(values);
}
