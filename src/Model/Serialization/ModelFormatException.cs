namespace EdgeLstm.Model.Serialization;

/// <summary>
/// The exception that is thrown when a model file is malformed: a bad header, an unknown dtype, a shape
/// that does not match its data, offsets out of range, a non-finite weight or a missing tensor.
/// </summary>
/// <remarks>
/// It is the only exception type the model-file readers throw for the content of a file. Its message
/// names the problem and where it is: the tensor name, the metadata key or the byte offset.
/// </remarks>
public sealed class ModelFormatException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ModelFormatException"/> class.</summary>
    public ModelFormatException()
        : base("The model file is malformed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ModelFormatException"/> class with a message.</summary>
    /// <param name="message">The message that names the problem and where it is in the file.</param>
    public ModelFormatException(string message)
        : base(message)
    {
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="ModelFormatException"/> class with a message and the
    /// exception that revealed the problem.
    /// </summary>
    /// <param name="message">The message that names the problem and where it is in the file.</param>
    /// <param name="innerException">The exception that revealed the problem, such as a JSON parse error.</param>
    public ModelFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
