using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Tests.Data;

public sealed class TableSplitTests
{
    // rows records, one file; row r at time times?(r), of entity entities?(r), labelled attack every fifth row.
    private static RecordTable Table(int rows, Func<int, double>? times, Func<int, int>? entities, int entityCount = 1) => new()
    {
        Sources = ["data.csv"],
        RowCount = rows,
        SourceIndex = new int[rows],
        LineNumbers = [.. Enumerable.Range(2, rows).Select(l => (long)l)],
        Columns = [TableColumn.FromNumbers("x", [.. Enumerable.Range(0, rows).Select(r => (float)r)], 0, 0, 0)],
        LabelColumn = "label",
        LabelCodes = [.. Enumerable.Range(0, rows).Select(r => r % 5 == 4 ? 1 : 0)],
        LabelValues = ["benign", "attack"],
        TimeColumn = times is null ? null : "ts",
        Times = times is null ? null : [.. Enumerable.Range(0, rows).Select(times)],
        EntityColumn = entities is null ? null : "host",
        EntityCodes = entities is null ? null : [.. Enumerable.Range(0, rows).Select(entities)],
        EntityValues = entities is null ? [] : [.. Enumerable.Range(0, entityCount).Select(e => $"10.0.0.{e}")],
    };

    private static SequenceOptions Steps(int steps) => new() { Steps = steps };

    [Fact]
    public void Create_TimeColumn_HoldsOutTheLatestWithAGapOfStepsPerGroup()
    {
        // Two hosts interleaved; times run backwards in file order, so file order is not time order.
        RecordTable table = Table(200, r => 5000 - r, r => r % 2, entityCount: 2);

        TableSplit split = TableSplit.Create(table, table.LabelCodes, SplitKind.Auto, 0.25, Steps(4), seed: 1);

        Assert.Equal(SplitKind.Time, split.Kind);
        Assert.Equal(50, split.ValidationRows.Length);
        Assert.Equal(8, split.GapRows);
        Assert.Equal(142, split.TrainRows.Length);
        double firstValidation = split.ValidationRows.Min(r => table.Times![r]);
        Assert.True(split.TrainRows.Max(r => table.Times![r]) < firstValidation);
        foreach (int host in new[] { 0, 1 })
        {
            // Within each host, at least T records lie between the last training and the first validation record.
            double lastTrain = split.TrainRows.Where(r => r % 2 == host).Max(r => table.Times![r]);
            int between = Enumerable.Range(0, 200).Count(r => r % 2 == host && table.Times![r] > lastTrain && table.Times[r] < firstValidation);
            Assert.Equal(4, between);
        }

        Assert.Contains("Split by time (ts)", split.Description, StringComparison.Ordinal);
        Assert.Contains("validation 50", split.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_EntityWithoutTime_KeepsEveryEntityOnOneSide()
    {
        RecordTable table = Table(300, null, r => r % 10, entityCount: 10);

        TableSplit split = TableSplit.Create(table, table.LabelCodes, SplitKind.Auto, 0.2, Steps(4), seed: 3);

        Assert.Equal(SplitKind.Entity, split.Kind);
        int[] heldOut = [.. split.ValidationRows.Select(r => table.EntityCodes![r]).Distinct()];
        Assert.Equal(2, heldOut.Length);
        Assert.DoesNotContain(split.TrainRows, r => heldOut.Contains(table.EntityCodes![r]));
        Assert.Equal(300, split.TrainRows.Length + split.ValidationRows.Length);
        Assert.Contains("2 of 10 entities", split.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NeitherTimeNorEntityWithSequences_HoldsOutTheLastRecordsInFileOrder()
    {
        RecordTable table = Table(100, null, null);

        TableSplit split = TableSplit.Create(table, table.LabelCodes, SplitKind.Auto, 0.1, Steps(8), seed: 1);

        Assert.Equal(SplitKind.Order, split.Kind);
        Assert.Equal(Enumerable.Range(90, 10), split.ValidationRows);
        Assert.Equal(Enumerable.Range(0, 82), split.TrainRows);
        Assert.Contains("file order", split.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_IndependentRecords_SplitsAtRandomStratifiedAndSaysSo()
    {
        RecordTable table = Table(100, null, null);

        TableSplit split = TableSplit.Create(table, table.LabelCodes, SplitKind.Auto, 0.2, Steps(1), seed: 1);
        TableSplit again = TableSplit.Create(table, table.LabelCodes, SplitKind.Auto, 0.2, Steps(1), seed: 1);

        Assert.Equal(SplitKind.Random, split.Kind);
        Assert.Equal(20, split.ValidationRows.Length);
        Assert.Equal(4, split.ValidationRows.Count(r => table.LabelCodes![r] == 1));
        Assert.Equal(again.ValidationRows, split.ValidationRows);
        Assert.Empty(split.TrainRows.Intersect(split.ValidationRows));
        Assert.NotEqual(Enumerable.Range(80, 20), split.ValidationRows);
        Assert.Contains("independent", split.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_TimeRequestedWithoutTimeColumn_ThrowsNamingTheOption()
    {
        RecordTable table = Table(100, null, null);

        UsageException error = Assert.Throws<UsageException>(() => TableSplit.Create(table, null, SplitKind.Time, 0.1, Steps(2), seed: 1));

        Assert.Contains("--time-column", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_AllRecordsAtOneTime_ThrowsSayingItCannotSplit()
    {
        RecordTable table = Table(50, _ => 7, null);

        UsageException error = Assert.Throws<UsageException>(() => TableSplit.Create(table, null, SplitKind.Auto, 0.1, Steps(2), seed: 1));

        Assert.Contains("cannot be split by time", error.Message, StringComparison.Ordinal);
    }
}
