namespace EdgeLstm.Trainer.Evaluation;

/// <summary>Counts predictions against truth for K classes, with per-class precision, recall and F1.</summary>
internal sealed class ConfusionMatrix
{
    private readonly long[,] _counts;

    /// <summary>Initializes an empty matrix for the named classes.</summary>
    public ConfusionMatrix(IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ClassNames = classNames;
        _counts = new long[classNames.Count, classNames.Count];
    }

    /// <summary>Gets the class names, in label order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Gets the number of samples of class <paramref name="truth"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int truth, int predicted] => _counts[truth, predicted];

    /// <summary>Gets the fraction of correct predictions.</summary>
    public double Accuracy
    {
        get
        {
            long correct = 0, total = 0;
            for (int t = 0; t < ClassNames.Count; t++)
            {
                for (int p = 0; p < ClassNames.Count; p++)
                {
                    total += _counts[t, p];
                    correct += t == p ? _counts[t, p] : 0;
                }
            }

            return total == 0 ? 0 : (double)correct / total;
        }
    }

    /// <summary>Adds one prediction.</summary>
    public void Add(int truth, int predicted) => _counts[truth, predicted]++;

    /// <summary>Returns the number of samples whose truth is <paramref name="label"/>.</summary>
    public long Support(int label) => Row(label).Sum();

    /// <summary>Returns TP / (TP + FP) of one class.</summary>
    public double Precision(int label)
    {
        long predicted = 0;
        for (int t = 0; t < ClassNames.Count; t++)
        {
            predicted += _counts[t, label];
        }

        return predicted == 0 ? 0 : (double)_counts[label, label] / predicted;
    }

    /// <summary>Returns TP / (TP + FN) of one class.</summary>
    public double Recall(int label)
    {
        long support = Support(label);
        return support == 0 ? 0 : (double)_counts[label, label] / support;
    }

    /// <summary>Returns the F1 score of one class.</summary>
    public double F1(int label)
    {
        double p = Precision(label);
        double r = Recall(label);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /// <summary>Returns the mean F1 over the classes present.</summary>
    public double MacroF1 => Enumerable.Range(0, ClassNames.Count).Where(c => Support(c) > 0).Select(F1).DefaultIfEmpty(0).Average();

    private IEnumerable<long> Row(int label)
    {
        for (int p = 0; p < ClassNames.Count; p++)
        {
            yield return _counts[label, p];
        }
    }
}
