namespace EdgeLstm.EdgeAgent.Alerts;

/// <summary>Creates alert ids.</summary>
internal static class AlertIds
{
    /// <summary>Creates a UUIDv7 whose timestamp is the given time, so ids sort by alert time.</summary>
    /// <param name="timeProvider">The clock.</param>
    /// <returns>A new version 7 UUID.</returns>
    public static Guid Create(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return Guid.CreateVersion7(timeProvider.GetUtcNow());
    }
}
