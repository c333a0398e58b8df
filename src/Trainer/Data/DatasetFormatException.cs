namespace EdgeLstm.Trainer.Data;

/// <summary>The exception thrown when a dataset file cannot be read as the requested format; the message names file, line and column.</summary>
internal sealed class DatasetFormatException : Exception
{
    /// <summary>Initializes the exception for a place in a file.</summary>
    /// <param name="filePath">The file being read.</param>
    /// <param name="line">The 1-based physical line, or 0 when the problem concerns the whole file.</param>
    /// <param name="column">The column name, or <see langword="null"/> when the problem concerns a whole line or file.</param>
    /// <param name="problem">What is wrong, as a sentence fragment without the place.</param>
    public DatasetFormatException(string filePath, long line, string? column, string problem)
        : base(Format(filePath, line, column, problem))
    {
        FilePath = filePath;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>Gets the file being read.</summary>
    public string FilePath { get; }

    /// <summary>Gets the 1-based physical line, or 0 when the problem concerns the whole file.</summary>
    public long Line { get; }

    /// <summary>Gets the column name, or <see langword="null"/>.</summary>
    public string? Column { get; }

    /// <summary>Gets what is wrong, without the place.</summary>
    public string Problem { get; }

    private static string Format(string filePath, long line, string? column, string problem)
    {
        string place = line > 0 ? $"{filePath}:{line}" : filePath;
        return column is null ? $"{place}: {problem}" : $"{place}: column '{column}': {problem}";
    }
}
