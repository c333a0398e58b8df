using System.Globalization;

namespace EdgeLstm.Trainer.Data;

/// <summary>Turns a table's label values into class indices, benign first.</summary>
internal sealed class ClassMap
{
    // Label values that usually mean benign, in the order a suggestion prefers them (UNSW-NB15 and others use 0/1).
    private static readonly string[] s_benignNames = ["0", "normal", "benign", "false", "legitimate", "background"];

    private readonly Func<string, int> _classify;

    private ClassMap(IReadOnlyList<string> classNames, Func<string, int> classify)
    {
        ClassNames = classNames;
        _classify = classify;
    }

    /// <summary>Gets the class names, benign first.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Creates a binary map: the benign value (ignoring case) is class 0, every other value class 1.</summary>
    /// <param name="benignValue">The label of benign records (for example <c>normal</c>, <c>Benign</c>, <c>BENIGN</c>).</param>
    /// <param name="attackName">The name of class 1.</param>
    public static ClassMap Binary(string benignValue, string attackName = "attack") =>
        new([benignValue, attackName], value => string.Equals(value, benignValue, StringComparison.OrdinalIgnoreCase) ? 0 : 1);

    /// <summary>Creates a map onto fixed class names (for example a model's), matching label values ignoring case; any other value is an error.</summary>
    public static ClassMap Named(IReadOnlyList<string> classNames) =>
        new(classNames, value =>
        {
            for (int i = 0; i < classNames.Count; i++)
            {
                if (string.Equals(value, classNames[i], StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            return -1;
        });

    /// <summary>Creates a multi-class map from the label values of training data: the benign value first, then the others in ordinal order.</summary>
    /// <exception cref="DatasetFormatException">The table has no labels.</exception>
    public static ClassMap FitMultiClass(RecordTable table, string benignValue)
    {
        table.RequireLabels();
        var names = new List<string> { benignValue };
        foreach (string value in table.LabelValues.Order(StringComparer.Ordinal))
        {
            if (!names.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                names.Add(value);
            }
        }

        return Named(names);
    }

    /// <summary>Returns the class index of every row.</summary>
    /// <exception cref="DatasetFormatException">The table has no labels, or a row's label is not one of the classes (the message names its file and line).</exception>
    public int[] Encode(RecordTable table)
    {
        int[] codes = table.RequireLabels();
        int[] classOfCode = [.. table.LabelValues.Select(_classify)];
        var labels = new int[table.RowCount];
        for (int r = 0; r < labels.Length; r++)
        {
            labels[r] = classOfCode[codes[r]];
            if (labels[r] < 0)
            {
                throw new DatasetFormatException(table.Sources[table.SourceIndex[r]], table.LineNumbers[r], table.LabelColumn,
                    $"unknown label '{table.LabelValues[codes[r]]}': the classes are {string.Join(", ", ClassNames)}");
            }
        }

        return labels;
    }

    /// <summary>Checks that at least two classes occur, as a classifier needs.</summary>
    /// <param name="labels">The class index of each row or sequence.</param>
    /// <param name="table">The table the labels came from, for the message.</param>
    /// <exception cref="DatasetFormatException">Fewer than two classes occur; the message names the files, the label column and the only class.</exception>
    public void RequireTwoClasses(ReadOnlySpan<int> labels, RecordTable table)
    {
        int first = labels.IsEmpty ? -1 : labels[0];
        foreach (int label in labels)
        {
            if (label != first)
            {
                return;
            }
        }

        string only = first < 0 ? "no records" : $"only class '{ClassNames[first]}'";
        throw new DatasetFormatException(string.Join(", ", table.Sources), 0, table.LabelColumn ?? "label",
            $"{only}: a classifier needs at least two classes in its training data{(first > 0 ? "; " + BenignHint(table) : "")}");
    }

    /// <summary>Checks that some rows are benign (class 0), as the threshold and unsupervised training need.</summary>
    /// <param name="labels">The class index of each row.</param>
    /// <param name="table">The table the labels came from, for the message.</param>
    /// <exception cref="DatasetFormatException">No row is benign; the message lists the label values found and suggests <c>--benign</c>.</exception>
    public void RequireBenign(ReadOnlySpan<int> labels, RecordTable table)
    {
        if (labels.IsEmpty || labels.Contains(0))
        {
            return;
        }

        throw new DatasetFormatException(string.Join(", ", table.Sources), 0, table.LabelColumn ?? "label",
            $"no record is benign ('{ClassNames[0]}'); {BenignHint(table)}");
    }

    // Lists the label values found, most frequent first, and suggests the one that most looks benign.
    private string BenignHint(RecordTable table)
    {
        int[] counts = table.CountLabels();
        int[] order = [.. Enumerable.Range(0, counts.Length).OrderByDescending(v => counts[v]).ThenBy(v => table.LabelValues[v], StringComparer.Ordinal)];
        string found = string.Join(", ", order.Take(10).Select(v => string.Create(CultureInfo.InvariantCulture, $"'{table.LabelValues[v]}' ({counts[v]:N0})")));
        string more = order.Length > 10 ? $" and {order.Length - 10} more" : "";
        string? likely = s_benignNames.FirstOrDefault(name => table.LabelValues.Contains(name, StringComparer.OrdinalIgnoreCase));
        string suggestion = likely is not null
            ? $"if '{table.LabelValues.First(v => string.Equals(v, likely, StringComparison.OrdinalIgnoreCase))}' marks benign records, pass --benign {likely}"
            : order.Length > 0 ? $"pass --benign with the value of benign records, for example --benign {table.LabelValues[order[0]]}" : "";
        return $"the label values found are {found}{more}, and the benign value is '{ClassNames[0]}' (--benign): {suggestion}";
    }
}
