namespace EdgeLstm.EdgeAgent.Configuration;

/// <summary>A setting passed validation but the library that uses it refused it; the message names the setting.</summary>
/// <remarks>The host treats it as invalid configuration (exit code 78), since restarting cannot fix it.</remarks>
public sealed class SettingRejectedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="SettingRejectedException"/> class.</summary>
    public SettingRejectedException()
        : this("A setting was refused.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SettingRejectedException"/> class.</summary>
    /// <param name="message">The message, naming the setting.</param>
    public SettingRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SettingRejectedException"/> class.</summary>
    /// <param name="message">The message, naming the setting.</param>
    /// <param name="innerException">The library's error.</param>
    public SettingRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
