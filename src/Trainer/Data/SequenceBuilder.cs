using EdgeLstm.Features.Windows;
using EdgeLstm.Model;
using EdgeLstm.Model.Scoring;

namespace EdgeLstm.Trainer.Data;

/// <summary>Cuts preprocessed records into one sequence per record: grouped by file and entity, ordered by time, the
/// record's last T steps with the silence vector for a group's history before its first record and, for time
/// windows, for every window in which the entity had no record (<see cref="SilencePaddedHistory{TKey}"/>, the
/// definition the agent scores by).</summary>
internal static class SequenceBuilder
{
    /// <summary>Builds the sequences of a table.</summary>
    /// <param name="table">The rows, for their file, time and entity.</param>
    /// <param name="inputs">The preprocessed inputs of every row, [rows × input size] (see <see cref="Preprocessor.Transform(RecordTable)"/>).</param>
    /// <param name="inputSize">The number of inputs per row.</param>
    /// <param name="labels">The class of every row (see <see cref="ClassMap.Encode"/>), or <see langword="null"/> for unlabeled rows (all benign).</param>
    /// <param name="classNames">The class names, benign first.</param>
    /// <param name="options">The window options.</param>
    /// <param name="silence">The preprocessed silence vector (<see cref="FeatureNormalization.Silence"/>), <paramref name="inputSize"/> long.</param>
    /// <returns>One sequence for every stride-th record of each group, its first included.</returns>
    /// <exception cref="ArgumentException">The array lengths do not match the table.</exception>
    /// <exception cref="UsageException">The windows would not fit in one array; use a larger stride or fewer steps.</exception>
    public static SequenceSet Build(RecordTable table, float[] inputs, int inputSize, int[]? labels, IReadOnlyList<string> classNames, SequenceOptions options, ReadOnlySpan<float> silence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Stride, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        int rows = table.RowCount;
        if (inputs.LongLength != (long)rows * inputSize || (labels is not null && labels.Length != rows) || silence.Length != inputSize)
        {
            throw new ArgumentException($"{inputs.Length} inputs, {labels?.Length} labels and {silence.Length} silence values do not match {rows} rows of {inputSize} inputs.");
        }

        labels ??= new int[rows];
        int[] order = Order(table, options, out int[] group);
        int steps = options.Steps;
        bool[] emitted = Emitted(group, options.Stride, out int windows);
        long length = (long)windows * steps * inputSize;
        if (length > Array.MaxLength)
        {
            throw new UsageException($"{windows} windows of {steps} × {inputSize} inputs do not fit in one array; use a larger stride or fewer steps.");
        }

        var sequenceInputs = new float[length];
        var sequenceLabels = new int[windows];
        var allBenign = new bool[windows];
        var endRows = new int[windows];
        var endTimes = new double[windows];
        var groups = new int[windows];
        var leading = new int[windows];

        // Groups come one after another, so one host slot is enough: the next group replaces the last.
        var history = new SilencePaddedHistory<int>(steps, silence, options.Timing, capacity: 1);
        SequenceTiming timing = options.Timing;
        int index = 0;
        for (int p = 0; p < order.Length; p++)
        {
            int row = order[p];
            double time = TimeOf(table, row);
            int slot = history.Append(group[p], time, inputs.AsSpan(row * inputSize, inputSize), out _);
            if (!emitted[p])
            {
                continue;
            }

            history.CopySequence(slot, sequenceInputs.AsSpan(index * steps * inputSize, steps * inputSize));

            // The records in the sequence are the group's last ones within its span of steps.
            int span = steps - history.LeadingSilence(slot);
            long last = timing.IsWindowed ? timing.WindowIndex(time) : p;
            int label = labels[row];
            bool benign = true;
            for (int q = p; q >= 0 && group[q] == group[p]; q--)
            {
                int earlier = order[q];
                long position = timing.IsWindowed ? timing.WindowIndex(TimeOf(table, earlier)) : q;
                if (position <= last - span)
                {
                    break;
                }

                if (labels[earlier] != 0)
                {
                    // The newest attack record gives the label under the any-attack rule.
                    label = options.LabelRule == WindowLabelRule.AnyAttack && benign ? labels[earlier] : label;
                    benign = false;
                }
            }

            sequenceLabels[index] = options.LabelRule == WindowLabelRule.AnyAttack ? label : labels[row];
            allBenign[index] = benign;
            endRows[index] = row;
            endTimes[index] = table.Times is null ? double.NaN : time;
            groups[index] = group[p];
            leading[index] = history.LeadingSilence(slot);
            index++;
        }

        return new SequenceSet(sequenceInputs, sequenceLabels, allBenign, steps, inputSize, classNames)
        {
            EndRows = endRows,
            EndTimes = endTimes,
            Groups = groups,
            LeadingSilence = leading,
        };
    }

    /// <summary>Returns the timing of rows of a schema: time windows of the schema's window length (silence-padded), or
    /// records when the schema has no window.</summary>
    /// <param name="schema">The rows' schema, as the data carried it (<see cref="DatasetFormat.SchemaOf"/>).</param>
    public static SequenceTiming TimingOf(FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return schema.Window > TimeSpan.Zero ? SequenceTiming.Windows(schema.Window.TotalSeconds) : SequenceTiming.Records();
    }

    /// <summary>Returns a row's time in seconds, 0 when the table has none (records are then ordered by file order).</summary>
    internal static double TimeOf(RecordTable table, int row) => table.Times is { } times && !double.IsNaN(times[row]) ? times[row] : 0;

    // A sequence ends at every stride-th record of each group, starting with its first.
    private static bool[] Emitted(int[] group, int stride, out int count)
    {
        var emitted = new bool[group.Length];
        count = 0;
        int position = 0;
        for (int p = 0; p < group.Length; p++)
        {
            position = p > 0 && group[p] == group[p - 1] ? position + 1 : 0;
            emitted[p] = position % stride == 0;
            count += emitted[p] ? 1 : 0;
        }

        return emitted;
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
}
