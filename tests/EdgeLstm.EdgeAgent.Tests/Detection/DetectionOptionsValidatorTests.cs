using EdgeLstm.EdgeAgent.Detection;
using EdgeLstm.EdgeAgent.Tests.TestSupport;

namespace EdgeLstm.EdgeAgent.Tests.Detection;

public sealed class DetectionOptionsValidatorTests
{
    private static string[] Failures(DetectionOptions options) =>
        [.. new DetectionOptionsValidator().Validate(null, options).Failures ?? []];

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.Empty(Failures(new DetectionOptions()));
    }

    [Fact]
    public void Validate_MissingModelFile_NamesModelPath()
    {
        string failure = Assert.Single(Failures(new DetectionOptions { ModelPath = "/nonexistent/model.safetensors" }));

        Assert.StartsWith("Detection:ModelPath must name an existing model file", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ExistingModelAndKeyFiles_Succeed()
    {
        using var folder = new TempDirectory();
        string model = TestModels.Write(folder.Combine("model.safetensors"), threshold: 1);
        using (var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
        {
            File.WriteAllText(folder.Combine("key.pem"), key.ExportSubjectPublicKeyInfoPem());
        }

        Assert.Empty(Failures(new DetectionOptions { ModelPath = model, ModelPublicKey = folder.Combine("key.pem") }));
    }

    [Fact]
    public void Validate_KeyFileThatHoldsNoKey_NamesModelPublicKey()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.Combine("key.pem"), "not a key");

        string failure = Assert.Single(Failures(new DetectionOptions { ModelPublicKey = folder.Combine("key.pem") }));

        Assert.StartsWith("Detection:ModelPublicKey must be a PEM file of an ECDSA P-256 public key", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownInterfaceWithModel_NamesSettingInterfaceAndTheExistingOnes()
    {
        using var folder = new TempDirectory();
        string model = TestModels.Write(folder.Combine("model.safetensors"), threshold: 1);

        string failure = Assert.Single(Failures(new DetectionOptions { ModelPath = model, Interface = "nosuch0" }));

        Assert.StartsWith("Detection:Interface names no network interface of this machine (was 'nosuch0')", failure, StringComparison.Ordinal);
        Assert.Contains("lo", failure.Split(": ")[^1].TrimEnd('.').Split(", "));
        Assert.Contains("any", failure.Split(": ")[^1].TrimEnd('.').Split(", "));
    }

    [Theory]
    [InlineData("lo")]
    [InlineData("any")]
    public void Validate_ExistingInterfaceWithModel_Succeeds(string name)
    {
        using var folder = new TempDirectory();
        string model = TestModels.Write(folder.Combine("model.safetensors"), threshold: 1);

        Assert.Empty(Failures(new DetectionOptions { ModelPath = model, Interface = name }));
    }

    [Fact]
    public void Validate_UnknownInterfaceWithoutModel_Succeeds()
    {
        Assert.Empty(Failures(new DetectionOptions { Interface = "nosuch0" }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Validate_ZeekWithoutConnLog_NamesConnLog(string connLog)
    {
        string failure = Assert.Single(Failures(new DetectionOptions { Source = DetectionSourceKind.Zeek, ConnLog = connLog }));

        Assert.StartsWith("Detection:ConnLog must name a Zeek conn.log", failure, StringComparison.Ordinal);
        Assert.Contains("Detection:Source is 'zeek'", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ZeekWithConnLogNotYetWritten_Succeeds()
    {
        Assert.Empty(Failures(new DetectionOptions { Source = DetectionSourceKind.Zeek, ConnLog = "/nonexistent/zeek/logs/current/conn.log" }));
    }

    [Theory]
    [InlineData("ModelPublicKey")]
    [InlineData("ModelCheckSeconds")]
    [InlineData("ModelSettleSeconds")]
    [InlineData("ConnLogReorderSeconds")]
    [InlineData("Source")]
    [InlineData("IgnoreNetworks")]
    public void Validate_BadValue_NamesTheSetting(string setting)
    {
        DetectionOptions options = setting switch
        {
            "ModelPublicKey" => new DetectionOptions { ModelPublicKey = "/nonexistent/key.pem" },
            "ModelCheckSeconds" => new DetectionOptions { ModelCheckSeconds = 0 },
            "ModelSettleSeconds" => new DetectionOptions { ModelSettleSeconds = double.NaN },
            "ConnLogReorderSeconds" => new DetectionOptions { ConnLogReorderSeconds = -1 },
            "IgnoreNetworks" => new DetectionOptions { IgnoreNetworks = ["192.168.1.1/32", "the-gateway"] },
            _ => new DetectionOptions { Source = (DetectionSourceKind)7 },
        };

        string failure = Assert.Single(Failures(options));

        Assert.StartsWith("Detection:" + setting + " ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadIgnoredNetwork_NamesTheEntry()
    {
        string failure = Assert.Single(Failures(new DetectionOptions { IgnoreNetworks = ["10.0.0.0/8", "10.0.0.0/40"] }));

        Assert.Contains("'10.0.0.0/40'", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_IgnoredNetworks_Succeed()
    {
        Assert.Empty(Failures(new DetectionOptions { IgnoreNetworks = ["192.168.1.1", "fd00::/8,10.0.0.0/8"] }));
    }

    [Fact]
    public void Validate_UndefinedSource_ListsTheSources()
    {
        string failure = Assert.Single(Failures(new DetectionOptions { Source = (DetectionSourceKind)7 }));

        Assert.Contains("live, replay, zeek", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5, "Detection:ImmediateMultiple must be 0 (off) or between 1 and 1000000 (was 0.5).")]
    [InlineData(-1.0, "Detection:ImmediateMultiple must be 0 (off) or between 1 and 1000000 (was -1).")]
    [InlineData(double.NaN, "Detection:ImmediateMultiple must be 0 (off) or between 1 and 1000000 (was NaN).")]
    public void Validate_ImmediateMultipleBetweenZeroAndOne_NamesTheSetting(double multiple, string expected) =>
        Assert.Equal(expected, Assert.Single(Failures(new DetectionOptions { ImmediateMultiple = multiple })));

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(8.0)]
    public void Validate_ImmediateMultipleOffOrAtLeastOne_Succeeds(double multiple) =>
        Assert.Empty(Failures(new DetectionOptions { ImmediateMultiple = multiple }));

    [Theory]
    [InlineData(-1.0, 0.001, "", "Detection:LearningHours must be between 0 (off) and 8760 hours (was -1).")]
    [InlineData(24.0, 0.5, "/var/lib/edgelstm-agent/learning", "Detection:LearningTargetFpr must be 0 (fit for LearningAlertsPerHostDay) or below 0.5 (was 0.5).")]
    [InlineData(24.0, -0.1, "/var/lib/edgelstm-agent/learning", "Detection:LearningTargetFpr must be 0 (fit for LearningAlertsPerHostDay) or below 0.5 (was -0.1).")]
    [InlineData(24.0, 0.001, " ", "Detection:LearningDirectory must name a directory when Detection:LearningHours is set.")]
    public void Validate_BadLearningSettings_NameTheSetting(double hours, double rate, string directory, string expected) =>
        Assert.Equal(expected, Assert.Single(Failures(new DetectionOptions { LearningHours = hours, LearningTargetFpr = rate, LearningDirectory = directory })));

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    public void Validate_NonPositiveAlertsPerHostDay_NamesTheSetting(double alerts) =>
        Assert.StartsWith("Detection:LearningAlertsPerHostDay must be positive", Assert.Single(Failures(new DetectionOptions { LearningAlertsPerHostDay = alerts })), StringComparison.Ordinal);
}
