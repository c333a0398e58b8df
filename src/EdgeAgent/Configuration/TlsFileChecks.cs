using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeLstm.EdgeAgent.Configuration;

/// <summary>Checks the MQTT TLS files before the TLS stack sees them, so a wrong file is reported with its setting at start
/// rather than as a TLS error at the first connection (which may be hours later when the broker is down).</summary>
internal static class TlsFileChecks
{
    // PEM files of certificates and keys are a few kilobytes; a larger file is the wrong file.
    private const long MaxPemBytes = 1 << 20;

    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcOid = "1.2.840.10045.2.1";

    /// <summary>Checks a file of one or more PEM certificates (the CA file or the client certificate).</summary>
    /// <param name="failures">Receives the problems, each naming the setting and the path.</param>
    /// <param name="setting">The setting, for example <c>Mqtt:CaFile</c>.</param>
    /// <param name="path">The file; empty means not configured and is not checked.</param>
    public static void CheckCertificates(List<string> failures, string setting, string path)
    {
        if (ReadPem(failures, setting, path) is not { } text)
        {
            return;
        }

        try
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPem(text);
            if (certificates.Count == 0)
            {
                failures.Add($"{setting} must be a PEM file with at least one '-----BEGIN CERTIFICATE-----' block: '{path}'.");
            }

            foreach (X509Certificate2 certificate in certificates)
            {
                certificate.Dispose();
            }
        }
        catch (CryptographicException exception)
        {
            failures.Add($"{setting} holds a PEM certificate that cannot be parsed ({exception.Message}): '{path}'.");
        }
    }

    /// <summary>Checks a file holding one unencrypted PEM private key.</summary>
    /// <param name="failures">Receives the problems, each naming the setting and the path.</param>
    /// <param name="setting">The setting, for example <c>Mqtt:KeyFile</c>.</param>
    /// <param name="path">The file; empty means not configured and is not checked.</param>
    /// <returns><see langword="true"/> when the file holds a usable key.</returns>
    public static bool CheckPrivateKey(List<string> failures, string setting, string path)
    {
        if (ReadPem(failures, setting, path) is not { } text)
        {
            return false;
        }

        // OpenSSL would ask for the passphrase of an encrypted key on the terminal, which a service does not have.
        if (text.Contains("ENCRYPTED", StringComparison.Ordinal))
        {
            failures.Add($"{setting} holds an encrypted private key; the agent needs it unencrypted (openssl pkey -in KEY -out KEY.plain): '{path}'.");
            return false;
        }

        ReadOnlySpan<char> remaining = text;
        while (PemEncoding.TryFind(remaining, out PemFields fields))
        {
            if (remaining[fields.Label].EndsWith("PRIVATE KEY", StringComparison.Ordinal))
            {
                return true;
            }

            remaining = remaining[fields.Location.End..];
        }

        failures.Add($"{setting} must be a PEM file with a '-----BEGIN PRIVATE KEY-----' (or RSA/EC PRIVATE KEY) block: '{path}'.");
        return false;
    }

    /// <summary>Checks that a private key belongs to a certificate, for RSA and EC keys (others are left to the TLS handshake).</summary>
    /// <param name="failures">Receives the problem, naming both settings and paths.</param>
    /// <param name="certificateSetting">The certificate's setting.</param>
    /// <param name="certificatePath">The certificate file, already checked.</param>
    /// <param name="keySetting">The key's setting.</param>
    /// <param name="keyPath">The key file, already checked.</param>
    public static void CheckKeyMatchesCertificate(List<string> failures, string certificateSetting, string certificatePath, string keySetting, string keyPath)
    {
        try
        {
            using X509Certificate2 certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
            string key = File.ReadAllText(keyPath);
            switch (certificate.PublicKey.Oid.Value)
            {
                case RsaOid:
                    using (var rsa = RSA.Create())
                    {
                        rsa.ImportFromPem(key);
                        using X509Certificate2 paired = certificate.CopyWithPrivateKey(rsa);
                    }

                    break;
                case EcOid:
                    using (var ecdsa = ECDsa.Create())
                    {
                        ecdsa.ImportFromPem(key);
                        using X509Certificate2 paired = certificate.CopyWithPrivateKey(ecdsa);
                    }

                    break;
            }
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            failures.Add($"{keySetting} '{keyPath}' is not the private key of {certificateSetting} '{certificatePath}' ({exception.Message}).");
        }
    }

    private static string? ReadPem(List<string> failures, string setting, string path)
    {
        if (path.Length == 0)
        {
            return null;
        }

        if (Directory.Exists(path))
        {
            failures.Add($"{setting} names a directory, not a PEM file: '{path}'.");
            return null;
        }

        if (!File.Exists(path))
        {
            failures.Add($"{setting} names a file that does not exist: '{path}'.");
            return null;
        }

        try
        {
            using FileStream stream = File.OpenRead(path);
            if (stream.Length > MaxPemBytes)
            {
                failures.Add($"{setting} is {stream.Length} bytes, too large for a PEM certificate or key: '{path}'.");
                return null;
            }

            using var reader = new StreamReader(stream);
            string text = reader.ReadToEnd();
            if (!text.Contains("-----BEGIN ", StringComparison.Ordinal))
            {
                failures.Add($"{setting} is not a PEM file (no '-----BEGIN' line): '{path}'.");
                return null;
            }

            return text;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            failures.Add($"{setting} names a file that cannot be read ({exception.Message}): '{path}'.");
            return null;
        }
    }
}
