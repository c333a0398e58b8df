namespace EdgeLstm.Model.Verification;

/// <summary>
/// The exception that is thrown when a model file is refused: it cannot be read, a field is out of range, its scorer
/// cannot be built, a probe scores to a value that is not finite, or the agent's own checks (signature, feature schema,
/// rollback) refuse it.
/// </summary>
/// <remarks>It is the one exception type <see cref="ModelVerifier"/> and the agent's model loading throw for a model
/// that cannot run. Its message starts with the file and the field: <c>/path/model.safetensors: features.names[3]: …</c>.</remarks>
public sealed class ModelVerificationException : Exception
{
    /// <summary>The field named when the model-file reader refused the file (the reason names the key, tensor or byte offset).</summary>
    public const string FileField = "file";

    /// <summary>Initializes a new instance of the <see cref="ModelVerificationException"/> class.</summary>
    public ModelVerificationException()
        : base("The model was refused.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ModelVerificationException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public ModelVerificationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ModelVerificationException"/> class with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The exception that revealed the problem.</param>
    public ModelVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ModelVerificationException"/> class for a file and a field.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="field">The field at fault, in the config's snake_case (<c>features.window_seconds</c>, <c>quantization</c>, <c>probe</c>).</param>
    /// <param name="reason">What is wrong with it.</param>
    /// <param name="innerException">The exception that revealed the problem, or <see langword="null"/>.</param>
    public ModelVerificationException(string path, string field, string reason, Exception? innerException = null)
        : base($"{path}: {field}: {reason}", innerException)
    {
        ModelPath = path;
        Field = field;
    }

    /// <summary>Gets the model file.</summary>
    public string ModelPath { get; } = "";

    /// <summary>Gets the field at fault.</summary>
    public string Field { get; } = "";

    /// <summary>Gets a value indicating whether the refusal comes from an exception no check anticipated (a defect of
    /// this build, reported as a refusal rather than allowed to end the process).</summary>
    public bool IsUnexpected { get; init; }
}
