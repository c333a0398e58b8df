using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>Writes self-signed certificates and their keys as PEM files, made in process (no openssl needed).</summary>
internal static class PemFiles
{
    public static (string Certificate, string Key) WriteEcdsa(TempDirectory directory, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        return Write(directory, name, request, key.ExportPkcs8PrivateKeyPem());
    }

    public static (string Certificate, string Key) WriteRsa(TempDirectory directory, string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return Write(directory, name, request, key.ExportRSAPrivateKeyPem());
    }

    private static (string Certificate, string Key) Write(TempDirectory directory, string name, CertificateRequest request, string keyPem)
    {
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        string certificatePath = directory.Combine(name + ".crt");
        string keyPath = directory.Combine(name + ".key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, keyPem);
        return (certificatePath, keyPath);
    }
}
