using System.Globalization;

namespace EdgeLstm.EdgeAgent.Systemd;

/// <summary>Reads the systemd watchdog timeout ($WATCHDOG_USEC, for this process when $WATCHDOG_PID says so).</summary>
internal static class WatchdogTimeout
{
    /// <summary>Reads the timeout from the environment.</summary>
    /// <returns>The timeout, or null when systemd expects no WATCHDOG=1 from this process.</returns>
    public static TimeSpan? FromEnvironment() => Parse(
        Environment.GetEnvironmentVariable("WATCHDOG_USEC"),
        Environment.GetEnvironmentVariable("WATCHDOG_PID"),
        Environment.ProcessId);

    /// <summary>Parses the values of the watchdog variables.</summary>
    /// <param name="watchdogMicroseconds">$WATCHDOG_USEC.</param>
    /// <param name="watchdogPid">$WATCHDOG_PID; the watchdog is for another process when it differs from <paramref name="processId"/>.</param>
    /// <param name="processId">This process's id.</param>
    /// <returns>The timeout, or null.</returns>
    public static TimeSpan? Parse(string? watchdogMicroseconds, string? watchdogPid, int processId)
    {
        bool forThisProcess = string.IsNullOrEmpty(watchdogPid) ||
            (int.TryParse(watchdogPid, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid == processId);
        return forThisProcess && ulong.TryParse(watchdogMicroseconds, NumberStyles.None, CultureInfo.InvariantCulture, out ulong microseconds) && microseconds > 0
            ? TimeSpan.FromMicroseconds(microseconds)
            : null;
    }
}
