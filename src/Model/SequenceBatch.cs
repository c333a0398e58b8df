namespace EdgeLstm.Model;

/// <summary>Describes a mini-batch of equally long sequences and their targets, without owning any memory.</summary>
/// <typeparam name="T">The float type.</typeparam>
public readonly ref struct SequenceBatch<T>
{
    /// <summary>Initializes a batch.</summary>
    /// <param name="inputs">The inputs, sequence-major: [count × steps × input size].</param>
    /// <param name="count">The number of sequences.</param>
    /// <param name="steps">The number of time steps per sequence.</param>
    /// <param name="labels">The class of each sequence (classifier heads); empty for the next-step head.</param>
    /// <param name="weights">The loss weight of each sequence (for class imbalance); empty for weight 1.</param>
    public SequenceBatch(ReadOnlySpan<T> inputs, int count, int steps, ReadOnlySpan<int> labels = default, ReadOnlySpan<T> weights = default)
    {
        Inputs = inputs;
        Count = count;
        Steps = steps;
        Labels = labels;
        Weights = weights;
    }

    /// <summary>Gets the inputs, sequence-major: [count × steps × input size].</summary>
    public ReadOnlySpan<T> Inputs { get; }

    /// <summary>Gets the number of sequences.</summary>
    public int Count { get; }

    /// <summary>Gets the number of time steps per sequence.</summary>
    public int Steps { get; }

    /// <summary>Gets the class of each sequence; empty for the next-step head.</summary>
    public ReadOnlySpan<int> Labels { get; }

    /// <summary>Gets the loss weight of each sequence; empty means weight 1.</summary>
    public ReadOnlySpan<T> Weights { get; }
}
