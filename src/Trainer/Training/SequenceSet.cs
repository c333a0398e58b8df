namespace EdgeLstm.Trainer.Training;

/// <summary>Holds equally long sequences in the flat layout the model reads, with one label per sequence.</summary>
/// <param name="Inputs">The inputs, sequence-major: [count × steps × features].</param>
/// <param name="Labels">The class of each sequence; 0 is benign.</param>
/// <param name="Steps">The number of time steps per sequence.</param>
/// <param name="Features">The number of features per step.</param>
internal sealed record SequenceSet(float[] Inputs, int[] Labels, int Steps, int Features)
{
    /// <summary>Gets the number of sequences.</summary>
    public int Count => Labels.Length;

    /// <summary>Returns the inputs of one sequence.</summary>
    public ReadOnlySpan<float> Sequence(int index) => Inputs.AsSpan(index * Steps * Features, Steps * Features);

    /// <summary>Returns the sequences whose label satisfies a predicate, in order.</summary>
    public SequenceSet Where(Func<int, bool> keepLabel)
    {
        int[] kept = Enumerable.Range(0, Count).Where(i => keepLabel(Labels[i])).ToArray();
        return Select(kept);
    }

    /// <summary>Returns the sequences at the given indices, in that order.</summary>
    public SequenceSet Select(IReadOnlyList<int> indices)
    {
        int stride = Steps * Features;
        var inputs = new float[indices.Count * stride];
        var labels = new int[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            Sequence(indices[i]).CopyTo(inputs.AsSpan(i * stride, stride));
            labels[i] = Labels[indices[i]];
        }

        return new SequenceSet(inputs, labels, Steps, Features);
    }

    /// <summary>Splits the sequences at random (seeded) into two sets; the second gets <paramref name="fraction"/> of them.</summary>
    public (SequenceSet First, SequenceSet Second) Split(double fraction, int seed)
    {
        int[] order = Enumerable.Range(0, Count).ToArray();
        new Random(seed).Shuffle(order);
        int secondCount = (int)Math.Round(Count * fraction);
        return (Select(order[secondCount..].Order().ToArray()), Select(order[..secondCount].Order().ToArray()));
    }
}
