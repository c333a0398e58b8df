namespace EdgeLstm.Trainer.Data;

/// <summary>Cuts preprocessed records into sliding windows: grouped by file and entity, ordered by time, T records long, every stride records.</summary>
internal static class SequenceBuilder
{
    /// <summary>Builds the sequences of a table.</summary>
    /// <param name="table">The rows, for their file, time and entity.</param>
    /// <param name="inputs">The preprocessed inputs of every row, [rows × input size] (see <see cref="Preprocessor.Transform(RecordTable)"/>).</param>
    /// <param name="inputSize">The number of inputs per row.</param>
    /// <param name="labels">The class of every row (see <see cref="ClassMap.Encode"/>), or <see langword="null"/> for unlabeled rows (all benign).</param>
    /// <param name="classNames">The class names, benign first.</param>
    /// <param name="options">The window options.</param>
    /// <returns>The windows of every group with at least T records; a group's last records that do not fill a window are not used.</returns>
    /// <exception cref="ArgumentException">The array lengths do not match the table.</exception>
    /// <exception cref="InvalidOperationException">The windows would not fit in one array; use a larger stride or fewer steps.</exception>
    public static SequenceSet Build(RecordTable table, float[] inputs, int inputSize, int[]? labels, IReadOnlyList<string> classNames, SequenceOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Stride, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        int rows = table.RowCount;
        if (inputs.LongLength != (long)rows * inputSize || (labels is not null && labels.Length != rows))
        {
            throw new ArgumentException($"{inputs.Length} inputs and {labels?.Length} labels do not match {rows} rows of {inputSize} inputs.");
        }

        labels ??= new int[rows];
        int[] order = Order(table, options, out int[] group);
        int steps = options.Steps;
        long windows = 0;
        ForEachWindow(order, group, options, _ => windows++);
        long length = windows * steps * inputSize;
        if (length > Array.MaxLength)
        {
            throw new InvalidOperationException($"{windows} windows of {steps} × {inputSize} inputs do not fit in one array; use a larger stride or fewer steps.");
        }

        var sequenceInputs = new float[length];
        var sequenceLabels = new int[windows];
        var allBenign = new bool[windows];
        int index = 0;
        ForEachWindow(order, group, options, start =>
        {
            int label = labels[order[start + steps - 1]];
            bool benign = true;
            for (int t = 0; t < steps; t++)
            {
                int row = order[start + t];
                Array.Copy(inputs, (long)row * inputSize, sequenceInputs, (((long)index * steps) + t) * inputSize, inputSize);
                if (labels[row] != 0)
                {
                    benign = false;
                    label = options.LabelRule == WindowLabelRule.AnyAttack ? labels[row] : label;
                }
            }

            sequenceLabels[index] = label;
            allBenign[index] = benign;
            index++;
        });
        return new SequenceSet(sequenceInputs, sequenceLabels, allBenign, steps, inputSize, classNames);
    }

    // Row order: groups (file, entity) by first appearance, then time, then file order; group[i] is the group of order[i].
    private static int[] Order(RecordTable table, SequenceOptions options, out int[] group)
    {
        int rows = table.RowCount;
        int[]? entities = options.GroupByEntity ? table.EntityCodes : null;
        double[]? times = options.OrderByTime ? table.Times : null;
        var groupOfRow = new int[rows];
        var groups = new Dictionary<long, int>();
        for (int r = 0; r < rows; r++)
        {
            long key = ((long)table.SourceIndex[r] << 32) | (uint)(entities?[r] ?? 0);
            if (!groups.TryGetValue(key, out int g))
            {
                g = groups.Count;
                groups.Add(key, g);
            }

            groupOfRow[r] = g;
        }

        int[] order = [.. Enumerable.Range(0, rows)];
        Array.Sort(order, (a, b) =>
        {
            int byGroup = groupOfRow[a].CompareTo(groupOfRow[b]);
            if (byGroup != 0)
            {
                return byGroup;
            }

            int byTime = times is null ? 0 : times[a].CompareTo(times[b]);
            return byTime != 0 ? byTime : a.CompareTo(b);
        });
        group = [.. order.Select(r => groupOfRow[r])];
        return order;
    }

    // Calls visit with the position in the order of each window's first record.
    private static void ForEachWindow(int[] order, int[] group, SequenceOptions options, Action<int> visit)
    {
        int start = 0;
        while (start < order.Length)
        {
            int end = start;
            while (end < order.Length && group[end] == group[start])
            {
                end++;
            }

            for (int first = start; first + options.Steps <= end; first += options.Stride)
            {
                visit(first);
            }

            start = end;
        }
    }
}
