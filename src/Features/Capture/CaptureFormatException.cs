namespace EdgeLstm.Features.Capture;

/// <summary>The exception thrown when a capture file is corrupt or in an unsupported format.</summary>
public sealed class CaptureFormatException : Exception
{
    /// <summary>Initializes a new instance with no details.</summary>
    public CaptureFormatException()
        : this("The capture is corrupt.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public CaptureFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and an inner exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The exception that revealed the problem.</param>
    public CaptureFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance that names the file and the byte offset of the problem.</summary>
    /// <param name="path">The capture file.</param>
    /// <param name="offset">The offset of the faulty record in the (decompressed) file.</param>
    /// <param name="problem">What is wrong.</param>
    public CaptureFormatException(string path, long offset, string problem)
        : base($"{path}: {problem} at byte offset {offset}.")
    {
        FilePath = path;
        Offset = offset;
    }

    /// <summary>Initializes a new instance that names the file and the byte offset, with the exception that revealed the problem.</summary>
    /// <param name="path">The capture file.</param>
    /// <param name="offset">The offset in the (decompressed) file where reading failed.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="innerException">The exception that revealed the problem.</param>
    public CaptureFormatException(string path, long offset, string problem, Exception innerException)
        : base($"{path}: {problem} at byte offset {offset}.", innerException)
    {
        FilePath = path;
        Offset = offset;
    }

    /// <summary>Gets the capture file's path, when known.</summary>
    public string? FilePath { get; }

    /// <summary>Gets the byte offset of the faulty record in the (decompressed) file, or -1 when unknown.</summary>
    public long Offset { get; } = -1;
}
