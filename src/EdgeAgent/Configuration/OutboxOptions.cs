namespace EdgeLstm.EdgeAgent.Configuration;

/// <summary>Where and how much the durable alert outbox keeps.</summary>
internal sealed class OutboxOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Outbox";

    /// <summary>Gets or sets the directory of the journal; systemd's StateDirectory in production.</summary>
    public string Directory { get; set; } = "/var/lib/edgelstm-agent/outbox";

    /// <summary>Gets or sets the most payload bytes kept unacknowledged; beyond it the oldest alerts are dropped.</summary>
    public long MaxBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Gets or sets the largest accepted alert payload in bytes.</summary>
    public int MaxRecordBytes { get; set; } = 64 * 1024;

    /// <summary>Gets or sets how many bytes of acknowledged records the journal may hold before it is compacted.</summary>
    public long CompactionThresholdBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets the seconds between attempts to write the journal again after a write failed (disk full, I/O
    /// error); meanwhile alerts are held in memory within <see cref="MaxBytes"/>.</summary>
    public int RetrySeconds { get; set; } = 5;
}
