using System.Net.Sockets;
using System.Text;

namespace EdgeLstm.EdgeAgent.Systemd;

/// <summary>Sends sd_notify STATUS= messages to the $NOTIFY_SOCKET datagram socket (READY=1 and STOPPING=1 come from
/// Microsoft.Extensions.Hosting.Systemd's lifetime, WATCHDOG=1 from <see cref="WatchdogService"/>).</summary>
/// <remarks>
/// The protocol is one datagram of newline-separated assignments; a name starting with '@' is in the
/// Linux abstract namespace. Without $NOTIFY_SOCKET (not started by systemd) every call does nothing.
/// </remarks>
internal sealed class SystemdNotifier : IDisposable
{
    private readonly UnixDomainSocketEndPoint? _endpoint;
    private readonly Socket? _socket;
    private readonly Lock _lock = new();

    /// <summary>Initializes a new instance of the <see cref="SystemdNotifier"/> class.</summary>
    /// <param name="notifySocket">The $NOTIFY_SOCKET value; null or empty disables notification.</param>
    /// <param name="watchdogInterval">The watchdog timeout from $WATCHDOG_USEC, or null when there is no watchdog.</param>
    /// <exception cref="ArgumentException"><paramref name="notifySocket"/> is neither an absolute path nor an '@' name.</exception>
    public SystemdNotifier(string? notifySocket, TimeSpan? watchdogInterval)
    {
        WatchdogTimeout = watchdogInterval;
        if (string.IsNullOrEmpty(notifySocket))
        {
            return;
        }

        _endpoint = notifySocket[0] switch
        {
            '@' => new UnixDomainSocketEndPoint("\0" + notifySocket[1..]),
            '/' => new UnixDomainSocketEndPoint(notifySocket),
            _ => throw new ArgumentException($"NOTIFY_SOCKET must be an absolute path or an abstract name starting with '@' (was '{notifySocket}').", nameof(notifySocket)),
        };
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    /// <summary>Gets a value indicating whether a notification socket is configured.</summary>
    public bool IsEnabled => _socket is not null;

    /// <summary>Gets the watchdog timeout systemd expects a WATCHDOG=1 within, or null when there is none.</summary>
    public TimeSpan? WatchdogTimeout { get; }

    /// <summary>Creates a notifier from $NOTIFY_SOCKET, $WATCHDOG_USEC and $WATCHDOG_PID.</summary>
    /// <returns>The notifier; disabled when the service was not started by systemd.</returns>
    public static SystemdNotifier FromEnvironment() => FromValues(
        Environment.GetEnvironmentVariable("NOTIFY_SOCKET"),
        Environment.GetEnvironmentVariable("WATCHDOG_USEC"),
        Environment.GetEnvironmentVariable("WATCHDOG_PID"),
        Environment.ProcessId);

    /// <summary>Creates a notifier from the values of the systemd environment variables.</summary>
    /// <param name="notifySocket">$NOTIFY_SOCKET.</param>
    /// <param name="watchdogMicroseconds">$WATCHDOG_USEC.</param>
    /// <param name="watchdogPid">$WATCHDOG_PID; the watchdog is for another process when it differs from <paramref name="processId"/>.</param>
    /// <param name="processId">This process's id.</param>
    /// <returns>The notifier.</returns>
    public static SystemdNotifier FromValues(string? notifySocket, string? watchdogMicroseconds, string? watchdogPid, int processId) =>
        new(notifySocket, Systemd.WatchdogTimeout.Parse(watchdogMicroseconds, watchdogPid, processId));

    /// <summary>Sends one notification, for example <c>READY=1</c>.</summary>
    /// <param name="state">The newline-separated assignments.</param>
    /// <returns><see langword="true"/> when sent; <see langword="false"/> when notification is disabled.</returns>
    /// <exception cref="SocketException">The socket refused the datagram (systemd is gone).</exception>
    public bool Notify(string state)
    {
        ArgumentException.ThrowIfNullOrEmpty(state);
        if (_socket is null || _endpoint is null)
        {
            return false;
        }

        byte[] datagram = Encoding.UTF8.GetBytes(state);
        lock (_lock)
        {
            _ = _socket.SendTo(datagram, SocketFlags.None, _endpoint);
        }

        return true;
    }

    /// <inheritdoc/>
    public void Dispose() => _socket?.Dispose();
}
