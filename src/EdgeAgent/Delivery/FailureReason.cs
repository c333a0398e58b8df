using System.Net.Sockets;
using System.Security.Authentication;

namespace EdgeLstm.EdgeAgent.Delivery;

/// <summary>Turns a transport's exception into the reason an operator reads in the log.</summary>
internal static class FailureReason
{
    /// <summary>Describes an exception and its causes, outermost first, without repeats.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>For example <c>Error while connecting with host 'x' &lt;- ConnectionRefused: Connection refused</c>.</returns>
    /// <remarks>Client libraries wrap the socket or TLS error; the innermost messages say what happened (connection refused,
    /// name resolution, a handshake alert), so each is named with its socket error code or as a TLS failure.</remarks>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        List<string> parts = [];
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            string text = current switch
            {
                SocketException socket => $"{socket.SocketErrorCode}: {socket.Message}",
                AuthenticationException authentication => "TLS handshake failed: " + authentication.Message,
                _ => current.Message,
            };
            if (!parts.Any(p => p.Contains(text, StringComparison.Ordinal)))
            {
                parts.Add(text);
            }
        }

        return string.Join(" <- ", parts);
    }
}
