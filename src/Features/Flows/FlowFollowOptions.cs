namespace EdgeLstm.Features.Flows;

/// <summary>Says how <see cref="FlowLogFollower"/> follows a growing flow log.</summary>
public sealed record FlowFollowOptions
{
    /// <summary>The wait at the end of the file when no interval is given.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Gets a value indicating whether the records already in the file are returned; by default only records
    /// written after the follower reached the end are (like <c>tail -F</c> with no backlog).</summary>
    public bool FromStart { get; init; }

    /// <summary>Gets how long the follower waits at the end of the file (or for a missing file) before looking again.</summary>
    public TimeSpan PollInterval { get; init; } = DefaultPollInterval;

    /// <summary>Gets the receiver of each skipped line's problem, whose message names file and line; null to only count.</summary>
    public Action<FlowLogFormatException>? MalformedLine { get; init; }

    /// <summary>Gets the receiver told whenever the log is opened, with whether it replaced a rotated or truncated one.</summary>
    public Action<string, bool>? Opened { get; init; }

    /// <summary>Gets the receiver told once when the log is absent at start (the logger has not written yet, or the path
    /// is wrong) and the follower waits for it; the short gap of a rotation is not reported.</summary>
    public Action<string>? Missing { get; init; }
}
