using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeLstm.EdgeAgent.Configuration;

namespace EdgeLstm.EdgeAgent.Delivery;

/// <summary>Trusts the CAs of one PEM file, instead of the system store, for a server's certificate (the MQTT broker, the
/// webhook endpoint), and checks the host name.</summary>
/// <remarks><see cref="Validate"/> returns why a certificate is refused, which the transport logs: the TLS stack itself only
/// says that the validation callback rejected it.</remarks>
internal sealed class CaFileTrust : IDisposable
{
    private readonly X509Certificate2Collection _authorities;

    private CaFileTrust(X509Certificate2Collection authorities) => _authorities = authorities;

    /// <summary>Reads the CA file.</summary>
    /// <param name="setting">The CA file's setting, for the message.</param>
    /// <param name="path">The CA file (PEM, one or more certificates).</param>
    /// <returns>The trust.</returns>
    /// <exception cref="SettingRejectedException">The file cannot be read or parsed.</exception>
    public static CaFileTrust Load(string setting, string path)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(path);
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new SettingRejectedException($"{setting} '{path}' cannot be used: {exception.Message}", exception);
        }

        return new CaFileTrust(authorities);
    }
    /// <summary>Checks a server certificate against the CA file and the host name.</summary>
    /// <param name="certificate">The server's certificate.</param>
    /// <param name="chain">The chain the TLS stack built (its extra certificates are used as intermediates).</param>
    /// <param name="errors">The TLS stack's verdict against the system store, for the host name.</param>
    /// <returns>Null when the certificate is good; otherwise why it is not.</returns>
    public string? Validate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return "the server sent no certificate";
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return $"the server's certificate ({certificate.Subject}) does not name the host the agent connects to (host-name check)";
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (X509ChainElement element in chain.ChainElements)
            {
                _ = custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var server = new X509Certificate2(certificate);
        if (custom.Build(server))
        {
            return null;
        }

        string status = string.Join(", ", custom.ChainStatus.Select(s => s.Status.ToString()).Distinct());
        return $"the server's certificate ({server.Subject}, issued by {server.Issuer}) is not signed by a CA of the CA file ({status})";
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (X509Certificate2 authority in _authorities)
        {
            authority.Dispose();
        }
    }
}
