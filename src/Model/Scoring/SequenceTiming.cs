namespace EdgeLstm.Model.Scoring;

/// <summary>Says how a host's rows map to the steps of its sequence: one step per time window (silent windows are
/// silence), or one step per record.</summary>
/// <param name="StepSeconds">The window length in seconds when each row is a host's time window; 0 when each row is a
/// record (a connection) and the next row is the next step.</param>
/// <param name="IdleResetSeconds">For records only: a host whose previous record is older than this starts again from
/// silence; <see cref="double.PositiveInfinity"/> never.</param>
public readonly record struct SequenceTiming(double StepSeconds, double IdleResetSeconds)
{
    /// <summary>The idle time after which a host of a record source starts again from silence, unless configured.</summary>
    public const double DefaultIdleResetSeconds = 300;

    /// <summary>Gets the timing of time-window rows of the given length.</summary>
    /// <param name="windowSeconds">The window length, positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="windowSeconds"/> is not positive and finite.</exception>
    public static SequenceTiming Windows(double windowSeconds)
    {
        if (!double.IsFinite(windowSeconds) || windowSeconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(windowSeconds), windowSeconds, "A window length must be positive.");
        }

        return new(windowSeconds, double.PositiveInfinity);
    }

    /// <summary>Gets the timing of record rows (connections).</summary>
    /// <param name="idleResetSeconds">The idle time after which a host starts again from silence.</param>
    public static SequenceTiming Records(double idleResetSeconds = DefaultIdleResetSeconds) => new(0, idleResetSeconds);

    /// <summary>Gets a value indicating whether rows are time windows (gaps are silence).</summary>
    public bool IsWindowed => StepSeconds > 0;

    /// <summary>Returns the index of the window that starts at <paramref name="startSeconds"/>.</summary>
    /// <remarks>Window starts are multiples of the window length, so rounding (not flooring) absorbs the error of
    /// seconds held as a double.</remarks>
    public long WindowIndex(double startSeconds) => (long)Math.Round(startSeconds / StepSeconds);
}
