using System.Runtime.InteropServices;
using EdgeLstm.Model;

namespace EdgeLstm.Trainer.Data;

/// <summary>Holds the labelled sequences cut from a dataset as the flat arrays a model consumes: inputs [count × steps × input size], sequence-major, and one class per sequence.</summary>
internal sealed class SequenceSet
{
    /// <summary>Initializes a set; the arrays are used, not copied.</summary>
    /// <exception cref="ArgumentException">The array lengths do not match the count, steps and input size.</exception>
    public SequenceSet(float[] inputs, int[] labels, bool[] allBenign, int steps, int inputSize, IReadOnlyList<string> classNames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        if (inputs.LongLength != (long)labels.Length * steps * inputSize || allBenign.Length != labels.Length)
        {
            throw new ArgumentException($"{inputs.Length} inputs, {labels.Length} labels and {allBenign.Length} flags do not describe sequences of {steps} × {inputSize}.");
        }

        Inputs = inputs;
        Labels = labels;
        AllBenign = allBenign;
        Steps = steps;
        InputSize = inputSize;
        ClassNames = classNames;
    }

    /// <summary>Gets the inputs, sequence-major: [count × steps × input size].</summary>
    public float[] Inputs { get; }

    /// <summary>Gets the class of each sequence (0 is benign).</summary>
    public int[] Labels { get; }

    /// <summary>Gets, per sequence, whether every record in it is benign (not only the one that gives the label).</summary>
    public bool[] AllBenign { get; }

    /// <summary>Gets the table row of each sequence's last record, or an empty array when the set was not cut from a table.</summary>
    public int[] EndRows { get; init; } = [];

    /// <summary>Gets the time of each sequence's last record (NaN when the data has no time), or an empty array.</summary>
    public double[] EndTimes { get; init; } = [];

    /// <summary>Gets the number of leading silent steps of each sequence (see <see cref="EdgeLstm.Model.ModelConfig.SilenceScales"/>), or an empty array.</summary>
    public int[] LeadingSilence { get; init; } = [];

    /// <summary>Gets the file × entity group of each sequence, or an empty array.</summary>
    public int[] Groups { get; init; } = [];

    /// <summary>Gets the number of sequences.</summary>
    public int Count => Labels.Length;

    /// <summary>Gets the number of steps per sequence (T).</summary>
    public int Steps { get; }

    /// <summary>Gets the number of inputs per step (m).</summary>
    public int InputSize { get; }

    /// <summary>Gets the class names, benign first.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Divides each sequence's raw score by the model's silence scale of its leading silence
    /// (<see cref="EdgeLstm.Model.ModelConfig.SilenceScale"/>), as the agent does; nothing when the set does not know
    /// its leading silence.</summary>
    /// <param name="config">The model's configuration.</param>
    /// <param name="scores">One raw score per sequence, divided in place.</param>
    public void DivideBySilenceScales(EdgeLstm.Model.ModelConfig config, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.SilenceScales is null || LeadingSilence.Length != Count)
        {
            return;
        }

        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = (float)(scores[i] / config.SilenceScale(LeadingSilence[i]));
        }
    }

    /// <summary>Returns all the sequences as one batch.</summary>
    public SequenceBatch<float> AsBatch() => new(Inputs, Count, Steps, Labels);

    /// <summary>Returns the inputs of one sequence, [steps × input size].</summary>
    public ReadOnlySpan<float> Sequence(int index) => Inputs.AsSpan(index * Steps * InputSize, Steps * InputSize);

    /// <summary>Returns the sequences [start, start + count) as a batch, with their labels when asked.</summary>
    public SequenceBatch<float> Batch(int start, int count, bool withLabels = false)
    {
        int stride = Steps * InputSize;
        return new(Inputs.AsSpan(start * stride, count * stride), count, Steps, withLabels ? Labels.AsSpan(start, count) : default);
    }

    /// <summary>Returns the number of sequences of each class.</summary>
    public int[] CountClasses()
    {
        var counts = new int[ClassNames.Count];
        foreach (int label in Labels)
        {
            counts[label]++;
        }

        return counts;
    }

    /// <summary>Returns the sequences at the given indices, in that order.</summary>
    public SequenceSet Select(ReadOnlySpan<int> indices)
    {
        int size = Steps * InputSize;
        var inputs = new float[(long)indices.Length * size];
        var labels = new int[indices.Length];
        var allBenign = new bool[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            int source = indices[i];
            Array.Copy(Inputs, (long)source * size, inputs, (long)i * size, size);
            labels[i] = Labels[source];
            allBenign[i] = AllBenign[source];
        }

        return new SequenceSet(inputs, labels, allBenign, Steps, InputSize, ClassNames)
        {
            EndRows = SelectMeta(EndRows, indices),
            EndTimes = SelectMeta(EndTimes, indices),
            Groups = SelectMeta(Groups, indices),
            LeadingSilence = SelectMeta(LeadingSilence, indices),
        };
    }

    private static T[] SelectMeta<T>(T[] values, ReadOnlySpan<int> indices)
    {
        if (values.Length == 0)
        {
            return values;
        }

        var selected = new T[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            selected[i] = values[indices[i]];
        }

        return selected;
    }

    /// <summary>Returns the sequences labelled benign (class 0) by the window label rule: the windows the threshold is
    /// calibrated on, labelled as evaluation labels them.</summary>
    public SequenceSet BenignOnly()
    {
        var indices = new List<int>();
        for (int i = 0; i < Count; i++)
        {
            if (Labels[i] == 0)
            {
                indices.Add(i);
            }
        }

        return Select(CollectionsMarshal.AsSpan(indices));
    }
}
