namespace EdgeLstm.Model.LowPrecision;

/// <summary>Rounds activations to FP8 E4M3 and gradients to FP8 E5M2, each tensor with its own power-of-two scale, as FloatSD8 training does.</summary>
/// <remarks>Stateless, so the training threads can share one instance.</remarks>
/// <param name="activations"><see langword="true"/> to round activations; otherwise they pass unchanged.</param>
/// <param name="gradients"><see langword="true"/> to round gradients; otherwise they pass unchanged.</param>
internal sealed class Fp8Rounding(bool activations = true, bool gradients = true) : ISequenceRounding<float>
{
    /// <summary>Gets the instance that rounds both.</summary>
    public static Fp8Rounding Instance { get; } = new();

    /// <inheritdoc/>
    public void RoundActivations(Span<float> values)
    {
        if (activations)
        {
            Fp8Format.E4M3.RoundTensor(values);
        }
    }

    /// <inheritdoc/>
    public void RoundGradients(Span<float> values)
    {
        if (gradients)
        {
            Fp8Format.E5M2.RoundTensor(values);
        }
    }
}
