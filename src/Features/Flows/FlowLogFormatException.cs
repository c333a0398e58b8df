namespace EdgeLstm.Features.Flows;

/// <summary>The exception thrown when a flow log line cannot be read.</summary>
public sealed class FlowLogFormatException : Exception
{
    /// <summary>Initializes a new instance with no details.</summary>
    public FlowLogFormatException()
        : this("The flow log is malformed.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public FlowLogFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and an inner exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The exception that revealed the problem.</param>
    public FlowLogFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance that names the file and line.</summary>
    /// <param name="path">The log file.</param>
    /// <param name="line">The 1-based line number.</param>
    /// <param name="problem">What is wrong.</param>
    public FlowLogFormatException(string path, long line, string problem)
        : base($"{path}:{line}: {problem}")
    {
        FilePath = path;
        Line = line;
    }

    /// <summary>Gets the log file's path, when known.</summary>
    public string? FilePath { get; }

    /// <summary>Gets the 1-based line number, or 0 when unknown.</summary>
    public long Line { get; }
}
