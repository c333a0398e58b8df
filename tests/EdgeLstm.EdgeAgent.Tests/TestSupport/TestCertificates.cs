using System.Diagnostics;

namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>A CA, a broker certificate for localhost and client certificates, made by deploy/mosquitto/make-certs.sh.</summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly TempDirectory _directory = new();

    private TestCertificates()
    {
    }

    public static bool IsAvailable => System.IO.File.Exists("/usr/bin/openssl");

    public string Directory => _directory.Path;

    public string File(string name) => _directory.Combine(name);

    public static async Task<TestCertificates> CreateAsync(params string[] devices)
    {
        var certificates = new TestCertificates();
        using Process process = Process.Start(new ProcessStartInfo("bash", [RepositoryPaths.Deploy("mosquitto", "make-certs.sh"), certificates.Directory, "localhost", .. devices])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("make-certs.sh did not start");
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            certificates.Dispose();
            throw new InvalidOperationException("make-certs.sh failed: " + error);
        }

        return certificates;
    }

    public void Dispose() => _directory.Dispose();
}
