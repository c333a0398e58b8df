namespace EdgeLstm.Features.Capture;

/// <summary>Configures a <see cref="LiveCaptureSource"/>.</summary>
public sealed class LiveCaptureOptions
{
    /// <summary>Gets or sets the interface to capture on, such as <c>eth0</c>, <c>lo</c> or <c>any</c>.</summary>
    public string Interface { get; set; } = "any";

    /// <summary>Gets or sets a BPF filter in tcpdump syntax, or <see langword="null"/> for every packet.</summary>
    public string? Filter { get; set; }

    /// <summary>Gets or sets the most bytes kept of each packet. Default 262,144 (whole packets); 128 is enough for the features.</summary>
    public int SnapLength { get; set; } = 262_144;

    /// <summary>Gets or sets a value indicating whether to capture traffic not addressed to this host. Default false.</summary>
    public bool Promiscuous { get; set; }

    /// <summary>Gets or sets a value indicating whether packets are delivered as they arrive rather than in batches. Default true.</summary>
    public bool ImmediateMode { get; set; } = true;

    /// <summary>Gets or sets the kernel buffer size in bytes, or 0 for libpcap's default.</summary>
    public int BufferSize { get; set; }

    /// <summary>Gets or sets how long, at most, a read waits without packets before it returns (to check for cancellation and
    /// to let a reader close windows that have ended). Default 200 ms.</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Validates the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Interface, nameof(Interface));
        ArgumentOutOfRangeException.ThrowIfLessThan(SnapLength, 64, nameof(SnapLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SnapLength, 262_144, nameof(SnapLength));
        ArgumentOutOfRangeException.ThrowIfNegative(BufferSize, nameof(BufferSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReadTimeout, TimeSpan.FromMilliseconds(1), nameof(ReadTimeout));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ReadTimeout, TimeSpan.FromSeconds(10), nameof(ReadTimeout));
    }
}
