using System.Diagnostics;
using System.Security.Cryptography;
using EdgeLstm.EdgeAgent.Detection;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using EdgeLstm.Model;
using EdgeLstm.Model.Serialization;

namespace EdgeLstm.EdgeAgent.Tests.Detection;

public sealed class ModelSignatureTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private static async Task RunAsync(string program, params string[] arguments)
    {
        using Process process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException(program + " did not start");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)}: {await output}{error}");
    }

    [SkippableFact]
    public async Task Verify_SignedBySignModelScript_AcceptsTheModelAndRefusesATamperedCopy()
    {
        Skip.IfNot(File.Exists("/usr/bin/openssl"), "openssl is not installed");
        string script = RepositoryPaths.Deploy("sign-model.sh");
        string model = _folder.Combine("model.safetensors");
        SequenceModel<float> created = TestModels.Create(threshold: 1);
        ModelFile.Save(new SequenceModel<float>(created.Config with { Provenance = new ModelProvenance { Created = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero) } }, created.Parameters), model);
        await RunAsync("/bin/sh", script, "new-key", _folder.Combine("keys"));
        await RunAsync("/bin/sh", script, "sign", _folder.Combine("keys", "model-signing.key"), model);
        using ModelSignature signature = ModelSignature.FromPemFile(_folder.Combine("keys", "model-signing.pub.pem"));
        byte[] bytes = File.ReadAllBytes(model);

        signature.Verify(model, bytes);
        bytes[^1] ^= 1;
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => signature.Verify(model, bytes));

        Assert.Contains("does not match", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task SignModelScript_ModelWithoutCreationTime_RefusesToSign()
    {
        Skip.IfNot(File.Exists("/usr/bin/openssl"), "openssl is not installed");
        string script = RepositoryPaths.Deploy("sign-model.sh");
        string model = TestModels.Write(_folder.Combine("model.safetensors"), threshold: 1);
        await RunAsync("/bin/sh", script, "new-key", _folder.Combine("keys"));
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in new[] { script, "sign", _folder.Combine("keys", "model-signing.key"), model })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(65, process.ExitCode);
        Assert.Contains("provenance.created", error, StringComparison.Ordinal);
        Assert.False(File.Exists(ModelSignature.PathOf(model)));
    }

    [Fact]
    public void Verify_P1363Signature_RefusedBecauseTheFormatIsDer()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string pem = _folder.Combine("key.pem");
        File.WriteAllText(pem, key.ExportSubjectPublicKeyInfoPem());
        string model = _folder.Combine("model.safetensors");
        byte[] bytes = [1, 2, 3];
        File.WriteAllBytes(ModelSignature.PathOf(model), key.SignData(bytes, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        using ModelSignature signature = ModelSignature.FromPemFile(pem);

        Assert.Throws<InvalidOperationException>(() => signature.Verify(model, bytes));
    }

    [Fact]
    public void FromPemFile_KeyOnAnotherCurve_ThrowsNamingP256()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        string pem = _folder.Combine("key.pem");
        File.WriteAllText(pem, key.ExportSubjectPublicKeyInfoPem());

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => ModelSignature.FromPemFile(pem));

        Assert.Contains("P-256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPemFile_NotAKey_ThrowsNamingTheFile()
    {
        string pem = _folder.Combine("key.pem");
        File.WriteAllText(pem, "hello");

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => ModelSignature.FromPemFile(pem));

        Assert.Contains(pem, error.Message, StringComparison.Ordinal);
    }
}
