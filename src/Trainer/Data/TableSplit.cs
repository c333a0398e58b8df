using System.Globalization;
using System.Runtime.InteropServices;

namespace EdgeLstm.Trainer.Data;

/// <summary>Divides the records of a table into training and validation records before sequences are cut, so that no
/// sequence holds records of both sides: by time, by entity, by file order or at random (see <see cref="SplitKind"/>).</summary>
/// <remarks>
/// A random split of overlapping windows puts near-copies of every validation window into training, and on traffic in
/// time order it measures memory rather than detection (a validation AUC of 1.0000 after one epoch on block-ordered
/// UNSW-NB15, and a threshold that gave 33.7% false positives against a 1% target on a held-out file). The time and
/// file-order splits hold out the latest records and leave out, as a gap, the last T training records of every group
/// (file × entity) that continues past the cut.
/// </remarks>
internal sealed record TableSplit
{
    /// <summary>Gets the split that was made (never <see cref="SplitKind.Auto"/>).</summary>
    public required SplitKind Kind { get; init; }

    /// <summary>Gets the training rows, ascending.</summary>
    public required int[] TrainRows { get; init; }

    /// <summary>Gets the validation rows, ascending.</summary>
    public required int[] ValidationRows { get; init; }

    /// <summary>Gets the number of rows left out between the two sides.</summary>
    public int GapRows { get; init; }

    /// <summary>Gets one sentence that names the split, its cut and its sizes, for the console and the report.</summary>
    public required string Description { get; init; }

    /// <summary>Splits a table's rows.</summary>
    /// <param name="table">The records.</param>
    /// <param name="labels">The class of every row (stratifies the random split), or <see langword="null"/>.</param>
    /// <param name="requested">The split asked for; <see cref="SplitKind.Auto"/> chooses from what the data has.</param>
    /// <param name="validationFraction">The share of records held out, in (0, 1).</param>
    /// <param name="sequences">The window options: T is the gap, and grouping and time ordering are those of the sequences.</param>
    /// <param name="seed">The seed of the entity and random splits.</param>
    /// <exception cref="UsageException">The data lacks what the requested split needs, or cannot be split into two non-empty sides.</exception>
    public static TableSplit Create(RecordTable table, int[]? labels, SplitKind requested, double validationFraction, SequenceOptions sequences, int seed)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(sequences);
        if (validationFraction is <= 0 or >= 1)
        {
            throw new UsageException($"--validation {validationFraction} must be between 0 and 1.");
        }

        if (table.RowCount < 2)
        {
            throw new UsageException($"Too little data: {table.RowCount} record(s) cannot be split into training and validation.");
        }

        bool hasTime = table.Times is not null && sequences.OrderByTime;
        bool hasEntities = table.EntityCodes is not null && sequences.GroupByEntity && table.EntityValues.Count >= 2;
        SplitKind kind = requested switch
        {
            SplitKind.Auto => hasTime ? SplitKind.Time : hasEntities ? SplitKind.Entity : sequences.Steps > 1 ? SplitKind.Order : SplitKind.Random,
            SplitKind.Time when !hasTime => throw new UsageException("--split time: the data has no time column; name one with --time-column or choose another --split."),
            SplitKind.Entity when !hasEntities => throw new UsageException("--split entity: the data has no entity column with two or more values; name one with --entity-column or choose another --split."),
            _ => requested,
        };
        return kind switch
        {
            SplitKind.Time => ByPosition(table, kind, table.Times!, validationFraction, sequences),
            SplitKind.Order => ByPosition(table, kind, [.. Enumerable.Range(0, table.RowCount).Select(r => (double)r)], validationFraction, sequences),
            SplitKind.Entity => ByEntity(table, validationFraction, seed),
            _ => AtRandom(table, labels, validationFraction, sequences, seed),
        };
    }

    // The latest share of positions (times or row numbers) is validation; each group that continues past the cut loses
    // its last T training rows.
    private static TableSplit ByPosition(RecordTable table, SplitKind kind, double[] position, double fraction, SequenceOptions sequences)
    {
        int rows = table.RowCount;
        double[] sorted = (double[])position.Clone();
        Array.Sort(sorted);
        int take = Math.Clamp((int)Math.Round(rows * fraction, MidpointRounding.AwayFromZero), 1, rows - 1);
        double cut = sorted[rows - take];
        if (cut <= sorted[0])
        {
            throw new UsageException($"--split {Name(kind)}: every record has the same {table.TimeColumn} value, so the data cannot be split by time; choose another --split.");
        }

        int[] group = Groups(table, sequences);
        var trainByGroup = new Dictionary<int, List<int>>();
        var continues = new HashSet<int>();
        var validation = new List<int>();
        for (int r = 0; r < rows; r++)
        {
            if (position[r] >= cut)
            {
                validation.Add(r);
                continues.Add(group[r]);
            }
            else
            {
                if (!trainByGroup.TryGetValue(group[r], out List<int>? members))
                {
                    trainByGroup[group[r]] = members = [];
                }

                members.Add(r);
            }
        }

        var train = new List<int>(rows - validation.Count);
        int gap = 0;
        foreach ((int g, List<int> members) in trainByGroup)
        {
            // The builder's order within a group: position, then row.
            members.Sort((a, b) => position[a] != position[b] ? position[a].CompareTo(position[b]) : a.CompareTo(b));
            int drop = continues.Contains(g) ? Math.Min(sequences.Steps, members.Count) : 0;
            train.AddRange(CollectionsMarshal.AsSpan(members)[..^drop]);
            gap += drop;
        }

        train.Sort();
        string at = kind == SplitKind.Time ? TimeText(cut) : $"record {(int)cut + 1:N0}";
        string what = kind == SplitKind.Time
            ? $"Split by time ({table.TimeColumn}): training {train.Count:N0} records before {at}, validation {validation.Count:N0} from {at} on"
            : $"Split by file order (the data has no time column): training {train.Count:N0} records before {at}, validation the last {validation.Count:N0}";
        return new TableSplit
        {
            Kind = kind,
            TrainRows = [.. train],
            ValidationRows = [.. validation],
            GapRows = gap,
            Description = Invariant($"{what}; gap: the last {sequences.Steps} training records of each of the {continues.Count:N0} groups that continue past the cut left out ({gap:N0} records), so that no sequence holds records of both."),
        };
    }

    private static TableSplit ByEntity(RecordTable table, double fraction, int seed)
    {
        int[] entities = table.EntityCodes!;
        var counts = new int[table.EntityValues.Count];
        foreach (int entity in entities)
        {
            counts[entity]++;
        }

        int[] order = [.. Enumerable.Range(0, counts.Length)];
        new Random(seed).Shuffle(order);
        int wanted = Math.Max(1, (int)Math.Round(table.RowCount * fraction, MidpointRounding.AwayFromZero));
        var held = new bool[counts.Length];
        int heldRows = 0;
        int heldEntities = 0;
        for (int i = 0; i < order.Length - 1 && heldRows < wanted; i++)
        {
            held[order[i]] = true;
            heldRows += counts[order[i]];
            heldEntities++;
        }

        int[] validation = [.. Enumerable.Range(0, table.RowCount).Where(r => held[entities[r]])];
        int[] train = [.. Enumerable.Range(0, table.RowCount).Where(r => !held[entities[r]])];
        return new TableSplit
        {
            Kind = SplitKind.Entity,
            TrainRows = train,
            ValidationRows = validation,
            Description = Invariant($"Split by entity ({table.EntityColumn}, the data has no time column): {heldEntities:N0} of {counts.Length:N0} entities held out for validation ({validation.Length:N0} records), training on the {train.Length:N0} records of the others."),
        };
    }

    private static TableSplit AtRandom(RecordTable table, int[]? labels, double fraction, SequenceOptions sequences, int seed)
    {
        var random = new Random(seed);
        var train = new List<int>();
        var validation = new List<int>();
        foreach (IGrouping<int, int> members in Enumerable.Range(0, table.RowCount).GroupBy(r => labels?[r] ?? 0).OrderBy(g => g.Key))
        {
            int[] rows = [.. members];
            random.Shuffle(rows);
            int take = (int)Math.Round(rows.Length * fraction, MidpointRounding.AwayFromZero);
            validation.AddRange(rows.AsSpan(0, take));
            train.AddRange(rows.AsSpan(take));
        }

        train.Sort();
        validation.Sort();
        string why = sequences.Steps == 1 && table.Times is null && table.EntityCodes is null
            ? "the data has neither time nor entity column and sequences are one record long, so records are treated as independent (a record benchmark such as NSL-KDD)"
            : "as asked with --split random; sequences are cut from each side's records, so on traffic in time order this split leaks";
        return new TableSplit
        {
            Kind = SplitKind.Random,
            TrainRows = [.. train],
            ValidationRows = [.. validation],
            Description = Invariant($"Split at random by record, stratified by class: training {train.Count:N0} records, validation {validation.Count:N0}; {why}."),
        };
    }

    // The group of every row as SequenceBuilder forms them: file, then entity when sequences are grouped by it.
    private static int[] Groups(RecordTable table, SequenceOptions sequences)
    {
        int[]? entities = sequences.GroupByEntity ? table.EntityCodes : null;
        var ids = new Dictionary<long, int>();
        var group = new int[table.RowCount];
        for (int r = 0; r < group.Length; r++)
        {
            long key = ((long)table.SourceIndex[r] << 32) | (uint)(entities?[r] ?? 0);
            if (!ids.TryGetValue(key, out int id))
            {
                ids[key] = id = ids.Count;
            }

            group[r] = id;
        }

        return group;
    }

    private static string TimeText(double seconds) => seconds is > 1e8 and < 1e11
        ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)).ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
        : seconds.ToString("G9", CultureInfo.InvariantCulture);

    private static string Name(SplitKind kind) => kind.ToString().ToLowerInvariant();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
