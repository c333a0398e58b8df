namespace EdgeLstm.Trainer.Data;

/// <summary>Holds one feature column of a <see cref="RecordTable"/>: numbers (NaN where no finite number was read) or category codes.</summary>
internal sealed class TableColumn
{
    private TableColumn(string name, ColumnKind kind, float[]? numbers, int[]? codes, IReadOnlyList<string>? categories)
    {
        Name = name;
        Kind = kind;
        Numbers = numbers;
        Codes = codes;
        Categories = categories;
    }

    /// <summary>Gets the column name as written in the file's header.</summary>
    public string Name { get; }

    /// <summary>Gets the column kind.</summary>
    public ColumnKind Kind { get; }

    /// <summary>Gets the values of a numeric column, NaN where the field was missing, infinite or not a number.</summary>
    public float[]? Numbers { get; }

    /// <summary>Gets the category code of each row of a categorical column, an index into <see cref="Categories"/>.</summary>
    public int[]? Codes { get; }

    /// <summary>Gets the distinct values of a categorical column, in order of first appearance.</summary>
    public IReadOnlyList<string>? Categories { get; }

    /// <summary>Gets the number of missing fields (empty, <c>-</c>, <c>NaN</c>, ...) in a numeric column.</summary>
    public int MissingCount { get; init; }

    /// <summary>Gets the number of infinite values in a numeric column.</summary>
    public int InfiniteCount { get; init; }

    /// <summary>Gets the number of fields of a numeric column that were not numbers.</summary>
    public int InvalidCount { get; init; }

    /// <summary>Creates a numeric column.</summary>
    public static TableColumn FromNumbers(string name, float[] numbers, int missing, int infinite, int invalid) =>
        new(name, ColumnKind.Numeric, numbers, null, null) { MissingCount = missing, InfiniteCount = infinite, InvalidCount = invalid };

    /// <summary>Creates a categorical column.</summary>
    public static TableColumn FromCategories(string name, int[] codes, IReadOnlyList<string> categories) =>
        new(name, ColumnKind.Categorical, null, codes, categories);
}
