namespace EdgeLstm.Trainer;

/// <summary>The command line, a setting or the data cannot be used as given; the message says what to change.</summary>
/// <remarks>The commands report it as a user error (one <c>error:</c> line, exit code 2). An argument or state exception
/// is a defect instead, reported as one with a hint to report it.</remarks>
public sealed class UsageException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="UsageException"/> class.</summary>
    public UsageException()
        : this("The command cannot be run as given.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UsageException"/> class.</summary>
    /// <param name="message">What is wrong and what to change, naming the option or file.</param>
    public UsageException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UsageException"/> class.</summary>
    /// <param name="message">What is wrong and what to change, naming the option or file.</param>
    /// <param name="innerException">The error that revealed it.</param>
    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
