using System.Numerics;

namespace EdgeLstm.Model;

/// <summary>Rounds the values a <see cref="SequenceModel{T}"/> passes between time steps, to emulate low-precision training.</summary>
/// <typeparam name="T">The float type.</typeparam>
/// <remarks>
/// The model calls it on every step input and every hidden and cell state in the forward pass, and on the hidden and
/// cell gradients in the backward pass. Training threads share one model, so implementations must be thread-safe.
/// </remarks>
public interface ISequenceRounding<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rounds one activation tensor (a [batch × width] block) in place.</summary>
    void RoundActivations(Span<T> values);

    /// <summary>Rounds one gradient tensor (a [batch × width] block) in place.</summary>
    void RoundGradients(Span<T> values);
}
