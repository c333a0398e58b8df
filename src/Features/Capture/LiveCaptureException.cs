namespace EdgeLstm.Features.Capture;

/// <summary>The exception thrown when libpcap is missing or a libpcap call fails; the message names the call
/// and carries libpcap's own error text.</summary>
public sealed class LiveCaptureException : Exception
{
    /// <summary>Initializes a new instance with no details.</summary>
    public LiveCaptureException()
        : this("Live capture failed.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What failed.</param>
    public LiveCaptureException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and an inner exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The exception that caused it.</param>
    public LiveCaptureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
