namespace EdgeLstm.Features.Capture;

/// <summary>Represents one captured frame as a packet source returns it, valid until the source's next read.</summary>
public readonly ref struct RawPacket
{
    /// <summary>Initializes a packet view.</summary>
    /// <param name="timestampNanoseconds">Capture time in nanoseconds since the Unix epoch.</param>
    /// <param name="linkType">The link-layer header type of <paramref name="data"/>.</param>
    /// <param name="originalLength">The frame's length on the wire, at least the captured length.</param>
    /// <param name="data">The captured bytes, possibly cut short by the snap length.</param>
    public RawPacket(long timestampNanoseconds, LinkType linkType, int originalLength, ReadOnlySpan<byte> data)
    {
        TimestampNanoseconds = timestampNanoseconds;
        LinkType = linkType;
        OriginalLength = Math.Max(originalLength, data.Length);
        Data = data;
    }

    /// <summary>Gets the capture time in nanoseconds since the Unix epoch.</summary>
    public long TimestampNanoseconds { get; }

    /// <summary>Gets the link-layer header type of <see cref="Data"/>.</summary>
    public LinkType LinkType { get; }

    /// <summary>Gets the frame's length on the wire.</summary>
    public int OriginalLength { get; }

    /// <summary>Gets the captured bytes.</summary>
    public ReadOnlySpan<byte> Data { get; }
}
