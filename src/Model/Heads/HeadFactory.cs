using System.Numerics;

namespace EdgeLstm.Model.Heads;

/// <summary>Creates the head that a <see cref="HeadKind"/> names: the one registration point for head variants.</summary>
internal static class HeadFactory
{
    /// <summary>Creates a head.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The kind is unknown or a size is not positive.</exception>
    public static ModelHead<T> Create<T>(HeadKind kind, int hiddenSize, int outputSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        return kind switch
        {
            HeadKind.Sigmoid => new SigmoidHead<T>(hiddenSize),
            HeadKind.Softmax => new SoftmaxHead<T>(hiddenSize, outputSize),
            HeadKind.NextStep => new NextStepHead<T>(hiddenSize, outputSize),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown head kind."),
        };
    }
}
