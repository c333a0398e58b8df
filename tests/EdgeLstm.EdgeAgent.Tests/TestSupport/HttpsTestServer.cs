using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>One request an <see cref="HttpsTestServer"/> received.</summary>
internal sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>A minimal HTTPS/1.1 server on a free loopback port (TcpListener + SslStream) with a self-signed certificate
/// for localhost and 127.0.0.1 made in process; it answers every request with <see cref="Status"/> and closes.</summary>
internal sealed class HttpsTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly Task _accepting;

    private HttpsTestServer(X509Certificate2 certificate)
    {
        _certificate = certificate;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Gets or sets the status code of every answer.</summary>
    public int Status { get; set; } = 200;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri Url => new($"https://127.0.0.1:{Port}/alerts");

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>Starts a server and writes its certificate (which is its own CA) as PEM to <paramref name="caFile"/>.</summary>
    public static HttpsTestServer Start(string caFile)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(caFile, certificate.ExportCertificatePem());
        return new HttpsTestServer(certificate);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _certificate.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                (string head, byte[] remainder) = await ReadHeadAsync(tls);
                string[] lines = head.Split("\r\n");
                string[] requestLine = lines[0].Split(' ');
                Dictionary<string, string> headers = lines.Skip(1).Where(l => l.Contains(':', StringComparison.Ordinal))
                    .ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)].Trim(), l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), StringComparer.OrdinalIgnoreCase);
                int length = headers.TryGetValue("Content-Length", out string? value) ? int.Parse(value, CultureInfo.InvariantCulture) : 0;
                byte[] body = new byte[length];
                remainder.AsSpan(0, Math.Min(remainder.Length, length)).CopyTo(body);
                if (remainder.Length < length)
                {
                    await tls.ReadExactlyAsync(body.AsMemory(remainder.Length), _stop.Token);
                }

                _requests.Enqueue(new ReceivedRequest(requestLine[0], requestLine[1], headers, body));
                await tls.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {Status} Test\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), _stop.Token);
            }
            catch (Exception exception) when (exception is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
            {
                // A client that refused our certificate, or the server stopping.
            }
        }
    }

    private async Task<(string Head, byte[] Remainder)> ReadHeadAsync(Stream stream)
    {
        var buffer = new MemoryStream();
        byte[] chunk = new byte[4096];
        while (true)
        {
            int read = await stream.ReadAsync(chunk, _stop.Token);
            if (read == 0)
            {
                throw new IOException("the client closed before the end of the headers");
            }

            buffer.Write(chunk, 0, read);
            byte[] all = buffer.ToArray();
            int end = all.AsSpan().IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return (Encoding.ASCII.GetString(all, 0, end), all[(end + 4)..]);
            }
        }
    }
}
