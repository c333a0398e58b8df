using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Tests.Configuration;

public sealed class MqttOptionsValidatorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private static readonly Dictionary<string, Action<MqttOptions>> s_changes = new()
    {
        ["case0"] = o => o.Host = " ",
        ["case1"] = o => o.Port = 0,
        ["case2"] = o => o.Port = 65536,
        ["case3"] = o => o.KeepAliveSeconds = 2,
        ["case4"] = o => o.Password = "secret",
        ["case5"] = o => o.CaFile = "/nonexistent/ca.crt",
        ["case6"] = o => o.CertFile = "/nonexistent/client.crt",
        ["case7"] = o => o.KeyFile = "/nonexistent/key.pem",
        ["case8"] = o => o.ReconnectMinDelaySeconds = 0,
        ["case9"] = o => { o.ReconnectMinDelaySeconds = 10; o.ReconnectMaxDelaySeconds = 5; },
        ["case10"] = o => o.MaxInflight = 0,
        ["case11"] = o => o.ClientId = "bad\nid",
        ["case12"] = o => o.StartupTimeoutSeconds = 0,
        ["case13"] = o => o.StartupFailure = (MqttStartupFailure)7,
        ["case14"] = o => o.ConnectTimeoutSeconds = 0,
        ["case15"] = o => o.RefusedRetrySeconds = 0,
    };

    public static TheoryData<string, string> InvalidOptions => new()
    {
        { "case0", "Mqtt:Host" },
        { "case1", "Mqtt:Port" },
        { "case2", "Mqtt:Port" },
        { "case3", "Mqtt:KeepAliveSeconds" },
        { "case4", "Mqtt:Password" },
        { "case5", "Mqtt:CaFile" },
        { "case6", "Mqtt:CertFile" },
        { "case7", "Mqtt:KeyFile" },
        { "case8", "Mqtt:ReconnectMinDelaySeconds" },
        { "case9", "Mqtt:ReconnectMaxDelaySeconds" },
        { "case10", "Mqtt:MaxInflight" },
        { "case11", "Mqtt:ClientId" },
        { "case12", "Mqtt:StartupTimeoutSeconds" },
        { "case13", "Mqtt:StartupFailure" },
        { "case14", "Mqtt:ConnectTimeoutSeconds" },
        { "case15", "Mqtt:RefusedRetrySeconds" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validate_InvalidValue_FailsNamingTheSetting(string change, string setting)
    {
        var options = new MqttOptions();
        s_changes[change](options);

        ValidateOptionsResult result = new MqttOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, failure => failure.StartsWith(setting, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Defaults_Succeeds() => Assert.True(new MqttOptionsValidator().Validate(null, new MqttOptions()).Succeeded);

    [Theory]
    [InlineData("rsa")]
    [InlineData("ecdsa")]
    public void Validate_TlsWithMatchingPemFiles_Succeeds(string algorithm)
    {
        (string ca, _) = PemFiles.WriteEcdsa(_temp, "ca");
        (string certificate, string key) = algorithm == "rsa" ? PemFiles.WriteRsa(_temp, "gw1") : PemFiles.WriteEcdsa(_temp, "gw1");
        var options = new MqttOptions { CaFile = ca, CertFile = certificate, KeyFile = key, Username = "u", Password = "p" };

        Assert.Empty(Failures(options));
        Assert.True(options.UseTls);
    }

    [Theory]
    [InlineData("CaFile")]
    [InlineData("CertFile")]
    [InlineData("KeyFile")]
    public void Validate_GarbageFile_FailsNamingSettingAndPath(string setting)
    {
        string garbage = _temp.Combine("garbage.pem");
        File.WriteAllBytes(garbage, [0x30, 0x82, 0x01, 0x0a, 0xde, 0xad, 0xbe, 0xef]);

        string failure = Assert.Single(Failures(WithTlsFile(setting, garbage)));

        Assert.Equal($"Mqtt:{setting} is not a PEM file (no '-----BEGIN' line): '{garbage}'.", failure);
    }

    [Theory]
    [InlineData("CaFile")]
    [InlineData("CertFile")]
    [InlineData("KeyFile")]
    public void Validate_MissingFile_FailsNamingSettingAndPath(string setting)
    {
        string missing = _temp.Combine("missing.pem");

        string failure = Assert.Single(Failures(WithTlsFile(setting, missing)));

        Assert.Equal($"Mqtt:{setting} names a file that does not exist: '{missing}'.", failure);
    }

    [Fact]
    public void Validate_DirectoryAsCaFile_FailsNamingSettingAndPath()
    {
        string failure = Assert.Single(Failures(WithTlsFile("CaFile", _temp.Path)));

        Assert.Equal($"Mqtt:CaFile names a directory, not a PEM file: '{_temp.Path}'.", failure);
    }

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Validate_UnreadableCaFile_FailsNamingSettingAndPath()
    {
        Skip.If(Environment.IsPrivilegedProcess, "root reads files whatever their mode");
        (string ca, _) = PemFiles.WriteEcdsa(_temp, "ca");
        File.SetUnixFileMode(ca, UnixFileMode.None);

        string failure = Assert.Single(Failures(WithTlsFile("CaFile", ca)));

        Assert.StartsWith("Mqtt:CaFile names a file that cannot be read", failure, StringComparison.Ordinal);
        Assert.EndsWith($"'{ca}'.", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeyFileHoldingACertificate_FailsNamingKeyFile()
    {
        (string certificate, _) = PemFiles.WriteEcdsa(_temp, "gw1");

        string failure = Assert.Single(Failures(WithTlsFile("KeyFile", certificate)));

        Assert.StartsWith("Mqtt:KeyFile must be a PEM file with a '-----BEGIN PRIVATE KEY-----'", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CaFileHoldingOnlyAKey_FailsNamingCaFile()
    {
        (_, string key) = PemFiles.WriteEcdsa(_temp, "ca");

        string failure = Assert.Single(Failures(WithTlsFile("CaFile", key)));

        Assert.StartsWith("Mqtt:CaFile must be a PEM file with at least one '-----BEGIN CERTIFICATE-----' block", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EncryptedKey_FailsNamingKeyFile()
    {
        (_, string key) = PemFiles.WriteEcdsa(_temp, "gw1");
        using (var ecdsa = System.Security.Cryptography.ECDsa.Create())
        {
            ecdsa.ImportFromPem(File.ReadAllText(key));
            File.WriteAllText(key, ecdsa.ExportEncryptedPkcs8PrivateKeyPem("secret", new System.Security.Cryptography.PbeParameters(
                System.Security.Cryptography.PbeEncryptionAlgorithm.Aes256Cbc, System.Security.Cryptography.HashAlgorithmName.SHA256, 1000)));
        }

        string failure = Assert.Single(Failures(WithTlsFile("KeyFile", key)));

        Assert.StartsWith("Mqtt:KeyFile holds an encrypted private key", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rsa")]
    [InlineData("ecdsa")]
    public void Validate_KeyOfAnotherCertificate_FailsNamingBothSettings(string algorithm)
    {
        (string ca, _) = PemFiles.WriteEcdsa(_temp, "ca");
        (string certificate, _) = algorithm == "rsa" ? PemFiles.WriteRsa(_temp, "gw1") : PemFiles.WriteEcdsa(_temp, "gw1");
        (_, string otherKey) = algorithm == "rsa" ? PemFiles.WriteRsa(_temp, "gw2") : PemFiles.WriteEcdsa(_temp, "gw2");

        string failure = Assert.Single(Failures(new MqttOptions { CaFile = ca, CertFile = certificate, KeyFile = otherKey }));

        Assert.StartsWith($"Mqtt:KeyFile '{otherKey}' is not the private key of Mqtt:CertFile '{certificate}'", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveClientId_Empty_DerivesFromDeviceId()
    {
        Assert.Equal("edgelstm-gw1", new MqttOptions().ResolveClientId("gw1"));
        Assert.Equal("custom", new MqttOptions { ClientId = "custom" }.ResolveClientId("gw1"));
    }

    public void Dispose() => _temp.Dispose();

    private static string[] Failures(MqttOptions options) => [.. new MqttOptionsValidator().Validate(null, options).Failures ?? []];

    // A valid TLS configuration with one file replaced, so the only failure is that file's.
    private MqttOptions WithTlsFile(string setting, string path)
    {
        (string ca, _) = PemFiles.WriteEcdsa(_temp, "ca");
        (string certificate, string key) = PemFiles.WriteEcdsa(_temp, "client");
        var options = new MqttOptions { CaFile = ca, CertFile = certificate, KeyFile = key };
        switch (setting)
        {
            case "CaFile":
                options.CaFile = path;
                break;
            case "CertFile":
                options.CertFile = path;
                break;
            default:
                options.KeyFile = path;
                break;
        }

        return options;
    }
}
