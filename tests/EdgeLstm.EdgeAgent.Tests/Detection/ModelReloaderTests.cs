using System.Security.Cryptography;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Detection;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using EdgeLstm.Features.Windows;
using EdgeLstm.Model;
using EdgeLstm.Model.Serialization;
using EdgeLstm.Model.Verification;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeLstm.EdgeAgent.Tests.Detection;

public sealed class ModelReloaderTests : IDisposable
{
    private static readonly FeatureSchema s_schema = new WindowFeatureExtractor(new WindowFeatureOptions()).Schema;
    private readonly TempDirectory _folder = new();
    private readonly FakeLogCollector _logs = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly AgentStatus _status;
    private readonly string _modelPath;

    public ModelReloaderTests()
    {
        _status = new AgentStatus(Options.Create(new AgentOptions { DeviceId = "test" }), _time);
        _modelPath = _folder.Combine("model.safetensors");
    }

    public void Dispose()
    {
        _folder.Dispose();
    }

    private ModelReloader Create(ModelSignature? signature = null, double settleSeconds = 0) =>
        new(_modelPath, s_schema, signature, TimeSpan.FromSeconds(settleSeconds), _status, _time, new FakeLogger(_logs, "reload"));

    private static void Sign(ECDsa key, string modelPath) =>
        File.WriteAllBytes(ModelSignature.PathOf(modelPath), key.SignData(File.ReadAllBytes(modelPath), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    private ModelSignature Trust(ECDsa key)
    {
        string pem = _folder.Combine("model-key.pem");
        File.WriteAllText(pem, key.ExportSubjectPublicKeyInfoPem());
        return ModelSignature.FromPemFile(pem);
    }

    [Fact]
    public void Check_ValidNewModel_IsHandedOverOnceAndClearsTheError()
    {
        TestModels.Write(_modelPath, threshold: 1, version: 0);
        using ModelReloader reloader = Create();
        LoadedModel first = reloader.LoadInitial();
        _status.ModelError = "earlier refusal";

        TestModels.Write(_modelPath, threshold: 5, version: 1);
        reloader.Check();

        Assert.Equal(1, first.Model.Config.Threshold);
        Assert.True(reloader.TryTakeReplacement(out LoadedModel? next));
        Assert.Equal(5, next.Model.Config.Threshold);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(_modelPath)))[..16], next.Id);
        Assert.Null(_status.ModelError);
        Assert.False(reloader.TryTakeReplacement(out _));
    }

    [Fact]
    public void Check_UnchangedFile_HandsOverNothing()
    {
        TestModels.Write(_modelPath, threshold: 1);
        using ModelReloader reloader = Create();
        _ = reloader.LoadInitial();

        reloader.Check();

        Assert.False(reloader.TryTakeReplacement(out _));
    }

    [Fact]
    public void Check_ChangeNotSettled_WaitsUntilTheFileStaysUnchanged()
    {
        TestModels.Write(_modelPath, threshold: 1, version: 0);
        using ModelReloader reloader = Create(settleSeconds: 2);
        _ = reloader.LoadInitial();
        TestModels.Write(_modelPath, threshold: 5, version: 1);

        reloader.Check();
        bool early = reloader.TryTakeReplacement(out _);
        _time.Advance(TimeSpan.FromSeconds(3));
        reloader.Check();

        Assert.False(early);
        Assert.True(reloader.TryTakeReplacement(out LoadedModel? next));
        Assert.Equal(5, next.Model.Config.Threshold);
    }

    [Fact]
    public void Check_CorruptedModel_RefusedLoggedAndReportedWhileNoReplacementIsOffered()
    {
        TestModels.Write(_modelPath, threshold: 1, version: 0);
        using ModelReloader reloader = Create();
        _ = reloader.LoadInitial();
        int statusChanges = 0;
        _status.Changed += () => statusChanges++;

        byte[] bytes = File.ReadAllBytes(_modelPath);
        File.WriteAllBytes(_modelPath, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        reloader.Check();

        Assert.False(reloader.TryTakeReplacement(out _));
        Assert.Contains("not a valid model", _status.ModelError, StringComparison.Ordinal);
        Assert.Equal(1, statusChanges);
        Assert.Contains(_logs.GetSnapshot(), e => e.Id.Id == 3010 && e.Level == LogLevel.Error && e.Message.Contains(_modelPath, StringComparison.Ordinal));
        Assert.Contains("\"modelError\":\"", System.Text.Encoding.UTF8.GetString(_status.CreateOnlinePayload()), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ModelOfAnotherShapeThenRepaired_RepairedModelIsHandedOver()
    {
        TestModels.Write(_modelPath, threshold: 1, version: 0);
        using ModelReloader reloader = Create();
        _ = reloader.LoadInitial();
        File.WriteAllText(_modelPath, "not a model");
        reloader.Check();

        TestModels.Write(_modelPath, threshold: 7, steps: 3, version: 2);
        reloader.Check();

        Assert.True(reloader.TryTakeReplacement(out LoadedModel? next));
        Assert.Equal(3, next.Model.Config.SequenceLength);
        Assert.Null(_status.ModelError);
    }

    [Fact]
    public void LoadInitial_SignedModel_Loads()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        TestModels.Write(_modelPath, threshold: 1);
        Sign(key, _modelPath);
        using ModelSignature signature = Trust(key);
        using ModelReloader reloader = Create(signature);

        LoadedModel loaded = reloader.LoadInitial();

        Assert.Equal(1, loaded.Model.Config.Threshold);
    }

    [Fact]
    public void LoadInitial_UnsignedModelWithKeyConfigured_ThrowsNamingTheSignatureFile()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        TestModels.Write(_modelPath, threshold: 1);
        using ModelSignature signature = Trust(key);
        using ModelReloader reloader = Create(signature);

        ModelVerificationException error = Assert.Throws<ModelVerificationException>(() => reloader.LoadInitial());

        Assert.Equal("signature", error.Field);
        Assert.Contains("unsigned model refused", error.Message, StringComparison.Ordinal);
        Assert.Contains("model.safetensors.sig", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NewModelSignedWithAnotherKey_Refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        TestModels.Write(_modelPath, threshold: 1, version: 0);
        Sign(key, _modelPath);
        using ModelSignature signature = Trust(key);
        using ModelReloader reloader = Create(signature);
        _ = reloader.LoadInitial();

        TestModels.Write(_modelPath, threshold: 5, version: 1);
        Sign(stranger, _modelPath);
        reloader.Check();

        Assert.False(reloader.TryTakeReplacement(out _));
        Assert.Contains("does not match", _status.ModelError, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NewUnsignedModelWithKeyConfigured_Refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        TestModels.Write(_modelPath, threshold: 1, version: 0);
        Sign(key, _modelPath);
        using ModelSignature signature = Trust(key);
        using ModelReloader reloader = Create(signature);
        _ = reloader.LoadInitial();

        TestModels.Write(_modelPath, threshold: 5, version: 1);
        File.Delete(ModelSignature.PathOf(_modelPath));
        reloader.Check();

        Assert.False(reloader.TryTakeReplacement(out _));
        Assert.Contains("unsigned model refused", _status.ModelError, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NewModelSignedWithTheKey_HandedOver()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        TestModels.Write(_modelPath, threshold: 1, version: 0);
        Sign(key, _modelPath);
        using ModelSignature signature = Trust(key);
        using ModelReloader reloader = Create(signature);
        _ = reloader.LoadInitial();

        TestModels.Write(_modelPath, threshold: 5, version: 1);
        Sign(key, _modelPath);
        reloader.Check();

        Assert.True(reloader.TryTakeReplacement(out LoadedModel? next));
        Assert.Equal(5, next.Model.Config.Threshold);
    }

    private ModelReloader Create(ModelSignature? signature, bool allowRollback) =>
        new(_modelPath, s_schema, signature, TimeSpan.Zero, _status, _time, new FakeLogger(_logs, "reload"), allowRollback);

    private void WriteCreated(DateTimeOffset? created, double threshold, int version)
    {
        SequenceModel<float> model = TestModels.Create(threshold);
        ModelFile.Save(new SequenceModel<float>(model.Config with { Provenance = new ModelProvenance { Name = "site-a", Created = created } }, model.Parameters), _modelPath);
        File.SetLastWriteTimeUtc(_modelPath, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(version));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Check_SignedModelOlderThanTheRunningOne_RefusedUnlessRollbackIsAllowed(bool allowRollback, bool refused)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ModelSignature signature = Trust(key);
        WriteCreated(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero), threshold: 1, version: 0);
        Sign(key, _modelPath);
        using ModelReloader reloader = Create(signature, allowRollback);
        LoadedModel running = reloader.LoadInitial();

        WriteCreated(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), threshold: 5, version: 1);
        Sign(key, _modelPath);
        reloader.Check();

        Assert.Equal("site-a@2026-12-02T00:00:00Z sha256:", running.Id[..35]);
        Assert.Equal(!refused, reloader.TryTakeReplacement(out _));
        if (refused)
        {
            Assert.Contains("provenance.created", _status.ModelError, StringComparison.Ordinal);
            Assert.Contains("Detection:AllowModelRollback", _status.ModelError, StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(_status.ModelError);
        }
    }

    [Fact]
    public void Check_SignedNewerModel_SwappedIn()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ModelSignature signature = Trust(key);
        WriteCreated(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), threshold: 1, version: 0);
        Sign(key, _modelPath);
        using ModelReloader reloader = Create(signature, allowRollback: false);
        _ = reloader.LoadInitial();

        WriteCreated(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero), threshold: 5, version: 1);
        Sign(key, _modelPath);
        reloader.Check();

        Assert.True(reloader.TryTakeReplacement(out LoadedModel? next));
        Assert.Equal(5, next.Model.Config.Threshold);
        Assert.Contains(_logs.GetSnapshot(), e => e.Id.Id == 3012 && e.Message.Contains(next.Id, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_SameContentRewritten_LogsUnchangedAndHandsOverNothing()
    {
        TestModels.Write(_modelPath, threshold: 1, version: 0);
        using ModelReloader reloader = Create();
        _ = reloader.LoadInitial();

        TestModels.Write(_modelPath, threshold: 1, version: 1);
        reloader.Check();

        Assert.False(reloader.TryTakeReplacement(out _));
        Assert.Contains(_logs.GetSnapshot(), e => e.Id.Id == 3013);
    }

    [Fact]
    public void Check_ModelFileRemoved_RefusedWithoutThrowing()
    {
        TestModels.Write(_modelPath, threshold: 1, version: 0);
        using ModelReloader reloader = Create();
        _ = reloader.LoadInitial();

        File.Delete(_modelPath);
        reloader.Check();

        Assert.False(reloader.TryTakeReplacement(out _));
        Assert.StartsWith(_modelPath + ": file: cannot read the model", _status.ModelError, StringComparison.Ordinal);
        Assert.Contains(_logs.GetSnapshot(), e => e.Id.Id == 3010);
    }

    [Fact]
    public void LoadInitial_WindowOf1e308Seconds_ThrowsNamingTheFileAndTheField()
    {
        SequenceModel<float> model = TestModels.Create(threshold: 1);
        ModelFile.Save(new SequenceModel<float>(model.Config with { Features = model.Config.Features! with { WindowSeconds = 1e308 } }, model.Parameters), _modelPath);
        using ModelReloader reloader = Create();

        ModelVerificationException error = Assert.Throws<ModelVerificationException>(reloader.LoadInitial);

        Assert.Equal("features.window_seconds", error.Field);
        Assert.StartsWith(_modelPath + ": features.window_seconds: ", error.Message, StringComparison.Ordinal);
    }
}
