using EdgeLstm.Features.Windows;

namespace EdgeLstm.Trainer.Data;

/// <summary>Holds the records read from one or more dataset files, column by column: feature columns, and the label, time and entity of each row when the format has them.</summary>
internal sealed class RecordTable
{
    /// <summary>Gets the files the rows came from.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>Gets the number of rows.</summary>
    public required int RowCount { get; init; }

    /// <summary>Gets the index into <see cref="Sources"/> of each row.</summary>
    public required int[] SourceIndex { get; init; }

    /// <summary>Gets the 1-based physical line of each row in its file, for error messages.</summary>
    public required long[] LineNumbers { get; init; }

    /// <summary>Gets the feature columns, in file order.</summary>
    public required IReadOnlyList<TableColumn> Columns { get; init; }

    /// <summary>Gets the label column's name, or <see langword="null"/> when the rows have no labels.</summary>
    public string? LabelColumn { get; init; }

    /// <summary>Gets each row's label as an index into <see cref="LabelValues"/>, or <see langword="null"/>.</summary>
    public int[]? LabelCodes { get; init; }

    /// <summary>Gets the distinct label values, in order of first appearance.</summary>
    public IReadOnlyList<string> LabelValues { get; init; } = [];

    /// <summary>Gets the time column's name, or <see langword="null"/> when the rows are in file order only.</summary>
    public string? TimeColumn { get; init; }

    /// <summary>Gets each row's time in seconds (Unix seconds for dates), or <see langword="null"/>.</summary>
    public double[]? Times { get; init; }

    /// <summary>Gets the entity column's name, or <see langword="null"/> when the rows are not grouped.</summary>
    public string? EntityColumn { get; init; }

    /// <summary>Gets each row's entity as an index into <see cref="EntityValues"/>, or <see langword="null"/>.</summary>
    public int[]? EntityCodes { get; init; }

    /// <summary>Gets the distinct entity values, in order of first appearance.</summary>
    public IReadOnlyList<string> EntityValues { get; init; } = [];

    /// <summary>Gets the schema of the feature vectors the rows hold, when the format defines one (the features CSV's
    /// schema line, the flow format's <c>edgelstm.flow</c>); <see langword="null"/> for record formats, whose inputs
    /// the preprocessor derives from their columns.</summary>
    public FeatureSchema? Schema { get; init; }

    /// <summary>Gets what the files did not say about <see cref="Schema"/> and how it was settled (an old features CSV
    /// without a schema line), or <see langword="null"/> when they said everything.</summary>
    public string? SchemaNote { get; init; }

    /// <summary>Returns the feature column with a name, or <see langword="null"/>.</summary>
    public TableColumn? FindColumn(string name)
    {
        foreach (TableColumn column in Columns)
        {
            if (column.Name == name)
            {
                return column;
            }
        }

        return null;
    }

    /// <summary>Returns the number of rows of each label value, indexed like <see cref="LabelValues"/>.</summary>
    /// <exception cref="DatasetFormatException">The rows have no labels.</exception>
    public int[] CountLabels()
    {
        int[] codes = RequireLabels();
        var counts = new int[LabelValues.Count];
        foreach (int code in codes)
        {
            counts[code]++;
        }

        return counts;
    }

    /// <summary>Returns the label codes, or throws when the rows have no labels.</summary>
    /// <exception cref="DatasetFormatException">The rows have no labels.</exception>
    public int[] RequireLabels() =>
        LabelCodes ?? throw new DatasetFormatException(Sources.Count > 0 ? Sources[0] : "(no file)", 1, LabelColumn ?? "label", "label column missing: the file has no labels, but labels are needed");

    /// <summary>Returns the rows at the given indices, in that order, as a table with the same columns, categories and files.</summary>
    /// <param name="rows">Row indices into this table.</param>
    public RecordTable Select(ReadOnlySpan<int> rows)
    {
        int[] indices = rows.ToArray();
        T[]? Pick<T>(T[]? values) => values is null ? null : Array.ConvertAll(indices, r => values[r]);
        var columns = new List<TableColumn>(Columns.Count);
        foreach (TableColumn column in Columns)
        {
            columns.Add(column.Kind == ColumnKind.Numeric
                ? TableColumn.FromNumbers(column.Name, Pick(column.Numbers)!, column.MissingCount, column.InfiniteCount, column.InvalidCount)
                : TableColumn.FromCategories(column.Name, Pick(column.Codes)!, column.Categories!));
        }

        return new RecordTable
        {
            Sources = Sources,
            RowCount = indices.Length,
            SourceIndex = Pick(SourceIndex)!,
            LineNumbers = Pick(LineNumbers)!,
            Columns = columns,
            LabelColumn = LabelColumn,
            LabelCodes = Pick(LabelCodes),
            LabelValues = LabelValues,
            TimeColumn = TimeColumn,
            Times = Pick(Times),
            EntityColumn = EntityColumn,
            EntityCodes = Pick(EntityCodes),
            EntityValues = EntityValues,
            Schema = Schema,
            SchemaNote = SchemaNote,
        };
    }

    /// <summary>Returns this table's rows with a feature schema and its note.</summary>
    /// <param name="schema">The schema of the rows' feature vectors.</param>
    /// <param name="note">What the file did not say about the schema, or null.</param>
    public RecordTable WithSchema(FeatureSchema schema, string? note) => new()
    {
        Sources = Sources,
        RowCount = RowCount,
        SourceIndex = SourceIndex,
        LineNumbers = LineNumbers,
        Columns = Columns,
        LabelColumn = LabelColumn,
        LabelCodes = LabelCodes,
        LabelValues = LabelValues,
        TimeColumn = TimeColumn,
        Times = Times,
        EntityColumn = EntityColumn,
        EntityCodes = EntityCodes,
        EntityValues = EntityValues,
        Schema = schema,
        SchemaNote = note,
    };

    /// <summary>Joins tables read from several files of the same format into one; rows keep their file for grouping and error messages.</summary>
    /// <exception cref="DatasetFormatException">A table's feature columns differ from the first table's.</exception>
    public static RecordTable Concat(IReadOnlyList<RecordTable> tables)
    {
        ArgumentOutOfRangeException.ThrowIfZero(tables.Count);
        if (tables.Count == 1)
        {
            return tables[0];
        }

        RecordTable first = tables[0];
        foreach (RecordTable table in tables)
        {
            CheckSameShape(first, table);
        }

        int rows = tables.Sum(t => t.RowCount);
        var sources = new List<string>();
        var sourceIndex = new int[rows];
        var lines = new long[rows];
        int offset = 0;
        foreach (RecordTable table in tables)
        {
            for (int r = 0; r < table.RowCount; r++)
            {
                sourceIndex[offset + r] = sources.Count + table.SourceIndex[r];
            }

            table.LineNumbers.CopyTo(lines, offset);
            sources.AddRange(table.Sources);
            offset += table.RowCount;
        }

        var columns = new List<TableColumn>();
        for (int c = 0; c < first.Columns.Count; c++)
        {
            columns.Add(ConcatColumn(tables, c, rows));
        }

        (int[]? labels, IReadOnlyList<string> labelValues) = ConcatCodes(tables, rows, t => t.LabelCodes, t => t.LabelValues);
        (int[]? entities, IReadOnlyList<string> entityValues) = ConcatCodes(tables, rows, t => t.EntityCodes, t => t.EntityValues);
        double[]? times = first.Times is null ? null : tables.SelectMany(t => t.Times!).ToArray();
        return new RecordTable
        {
            Sources = sources,
            RowCount = rows,
            SourceIndex = sourceIndex,
            LineNumbers = lines,
            Columns = columns,
            LabelColumn = first.LabelColumn,
            LabelCodes = labels,
            LabelValues = labelValues,
            TimeColumn = first.TimeColumn,
            Times = times,
            EntityColumn = first.EntityColumn,
            EntityCodes = entities,
            EntityValues = entityValues,
            Schema = first.Schema,
            SchemaNote = tables.Select(t => t.SchemaNote).OfType<string>().Distinct(StringComparer.Ordinal).ToArray() is { Length: > 0 } notes ? string.Join(" ", notes) : null,
        };
    }

    private static void CheckSameShape(RecordTable first, RecordTable table)
    {
        string file = table.Sources[0];
        if (table.Columns.Count != first.Columns.Count)
        {
            throw new DatasetFormatException(file, 1, null, $"has {table.Columns.Count} feature columns but {first.Sources[0]} has {first.Columns.Count}");
        }

        for (int c = 0; c < first.Columns.Count; c++)
        {
            if (table.Columns[c].Name != first.Columns[c].Name || table.Columns[c].Kind != first.Columns[c].Kind)
            {
                throw new DatasetFormatException(file, 1, table.Columns[c].Name,
                    $"is {table.Columns[c].Kind} but column {c + 1} of {first.Sources[0]} is '{first.Columns[c].Name}' ({first.Columns[c].Kind})");
            }
        }

        if ((table.Schema is null) != (first.Schema is null))
        {
            throw new DatasetFormatException(file, 1, null, $"does not hold the same kind of data as {first.Sources[0]}: one has a feature schema, the other none");
        }

        if (first.Schema is not null && SchemaBinding.Match(StoredSchema.Of(first.Schema), table.Schema!) is { Fits: false })
        {
            throw new DatasetFormatException(file, 1, null, $"holds schema {table.Schema}, but {first.Sources[0]} holds {first.Schema}: files read together must hold the same schema");
        }

        if ((table.LabelCodes is null) != (first.LabelCodes is null) || (table.Times is null) != (first.Times is null) || (table.EntityCodes is null) != (first.EntityCodes is null))
        {
            throw new DatasetFormatException(file, 1, null, $"does not have the same label, time and entity columns as {first.Sources[0]}");
        }
    }

    private static TableColumn ConcatColumn(IReadOnlyList<RecordTable> tables, int c, int rows)
    {
        TableColumn head = tables[0].Columns[c];
        if (head.Kind == ColumnKind.Numeric)
        {
            var numbers = new float[rows];
            int offset = 0;
            foreach (RecordTable table in tables)
            {
                table.Columns[c].Numbers!.CopyTo(numbers, offset);
                offset += table.RowCount;
            }

            return TableColumn.FromNumbers(head.Name, numbers,
                tables.Sum(t => t.Columns[c].MissingCount), tables.Sum(t => t.Columns[c].InfiniteCount), tables.Sum(t => t.Columns[c].InvalidCount));
        }

        (int[]? codes, IReadOnlyList<string> categories) = ConcatCodes(tables, rows, t => t.Columns[c].Codes, t => t.Columns[c].Categories!);
        return TableColumn.FromCategories(head.Name, codes!, categories);
    }

    private static (int[]? Codes, IReadOnlyList<string> Values) ConcatCodes(
        IReadOnlyList<RecordTable> tables, int rows, Func<RecordTable, int[]?> codesOf, Func<RecordTable, IReadOnlyList<string>> valuesOf)
    {
        if (codesOf(tables[0]) is null)
        {
            return (null, []);
        }

        var interner = new StringInterner();
        var codes = new int[rows];
        int offset = 0;
        foreach (RecordTable table in tables)
        {
            IReadOnlyList<string> values = valuesOf(table);
            int[] remap = values.Select(interner.Intern).ToArray();
            int[] source = codesOf(table)!;
            for (int r = 0; r < table.RowCount; r++)
            {
                codes[offset + r] = remap[source[r]];
            }

            offset += table.RowCount;
        }

        return (codes, interner.Values);
    }
}
