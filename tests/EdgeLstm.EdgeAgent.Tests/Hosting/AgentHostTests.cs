using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Hosting;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Tests.Hosting;

public sealed class AgentHostTests
{
    public static TheoryData<string, string> BadArguments => new()
    {
        { "--Mqtt:Port=70000", "Mqtt:Port" },
        { "--Mqtt:Port=abc", "Mqtt:Port" },
        { "--Mqtt:Prot=1883", "Prot" },
        { "--Agent:DeviceId=a/b", "Agent:DeviceId" },
        { "--Outbox:Directory=relative", "Outbox:Directory" },
        { "--Mqtt:CaFile=/nonexistent/ca.pem", "Mqtt:CaFile" },
        { "--Detection:Source=wire", "'Detection:Source'" },
        { "--Detection:Source=wire", "'wire' is not a source; the sources are live, replay, zeek." },
        { "--Detection:Source=7", "'7' is not a source; the sources are live, replay, zeek." },
        { "--Detection:IgnoreNetworks:0=the-gateway", "Detection:IgnoreNetworks must list networks in CIDR notation" },
        { "--Detection:Source=zeek", "Detection:ConnLog must name a Zeek conn.log" },
        { "--Detection:ModelPath=/nonexistent/model.safetensors", "Detection:ModelPath must name an existing model file" },
        { "--Detection:ModelPublicKey=/nonexistent/key.pem", "Detection:ModelPublicKey" },
        { "--Detecton:ModelPath=/srv/model.safetensors", "'Detecton' is not a configuration section" },
        { "--Agent:TopicPrefix=$SYS/edgelstm", "Agent:TopicPrefix" },
        { "--Agent:TopicPrefix=edgelstm//gw", "Agent:TopicPrefix" },
        { "--Agent:TopicPrefix=edgelstm/+", "Agent:TopicPrefix" },
        { "--StatusIndicator:GpioLine=-7", "StatusIndicator:GpioLine" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task RunAsync_BadSetting_ReturnsConfigurationExitCodeAndNamesSetting(string argument, string setting)
    {
        using var temp = new TempDirectory();
        using var error = new StringWriter();

        int exitCode = await AgentHost.RunAsync(["--Outbox:Directory=" + temp.Combine("outbox"), argument], temp.Combine("none.json"), error);

        Assert.Equal(AgentHost.ConfigurationErrorExitCode, exitCode);
        Assert.Contains(setting, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void InternalErrorMessage_Defect_SaysItIsABugNamesTheExceptionAndAsksForAReport()
    {
        string message = AgentHost.InternalErrorMessage(new KeyNotFoundException("The key was not present\nin the dictionary."));

        Assert.StartsWith("edgelstm-agent: internal error (a bug, not a configuration problem): KeyNotFoundException: The key was not present in the dictionary.", message, StringComparison.Ordinal);
        Assert.Contains("Please report it", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public async Task RunAsync_MalformedConfigurationFile_ReturnsConfigurationExitCode()
    {
        using var temp = new TempDirectory();
        string file = temp.Combine("agent.json");
        await File.WriteAllTextAsync(file, "{ \"Mqtt\": { \"Port\": ");
        using var error = new StringWriter();

        int exitCode = await AgentHost.RunAsync([], file, error);

        Assert.Equal(AgentHost.ConfigurationErrorExitCode, exitCode);
        Assert.Contains("agent.json", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnwritableOutboxDirectory_ReturnsStartFailure()
    {
        using var temp = new TempDirectory();
        string blocker = temp.Combine("file");
        await File.WriteAllTextAsync(blocker, "not a directory");
        using var error = new StringWriter();

        int exitCode = await AgentHost.RunAsync(["--Outbox:Directory=" + Path.Combine(blocker, "outbox")], temp.Combine("none.json"), error);

        Assert.Equal(AgentHost.StartFailureExitCode, exitCode);
        Assert.Contains("cannot start", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CreateBuilder_Sources_CommandLineOverridesFileAndFileOverridesDefaults()
    {
        using var temp = new TempDirectory();
        string file = temp.Combine("agent.json");
        File.WriteAllText(file, """{ "Mqtt": { "Host": "broker.lan", "Port": 8883 }, "Agent": { "DeviceId": "from-file" } }""");

        HostApplicationBuilder builder = AgentHost.CreateBuilder(["--Mqtt:Port=1884"], file);
        using IHost host = builder.Build();
        MqttOptions mqtt = host.Services.GetRequiredService<IOptions<MqttOptions>>().Value;
        AgentOptions agent = host.Services.GetRequiredService<IOptions<AgentOptions>>().Value;

        Assert.Equal("broker.lan", mqtt.Host);
        Assert.Equal(1884, mqtt.Port);
        Assert.Equal("from-file", agent.DeviceId);
        Assert.Equal(5, mqtt.ReconnectMaxDelaySeconds);
    }

    [Fact]
    public void CreateBuilder_EnvironmentSource_UsesPrefixAndDoubleUnderscore()
    {
        HostApplicationBuilder builder = AgentHost.CreateBuilder([], "/nonexistent/agent.json");
        EnvironmentVariablesConfigurationSource source = Assert.Single(builder.Configuration.Sources.OfType<EnvironmentVariablesConfigurationSource>());
        var provider = (ConfigurationProvider)source.Build(builder.Configuration);
        Environment.SetEnvironmentVariable("EDGELSTM__Agent__DeviceId", "from-env");
        try
        {
            provider.Load();
        }
        finally
        {
            Environment.SetEnvironmentVariable("EDGELSTM__Agent__DeviceId", null);
        }

        Assert.True(provider.TryGet("Agent:DeviceId", out string? value));
        Assert.Equal("from-env", value);
    }

    [Fact]
    public async Task RunAsync_BadPublicKeyFile_ReturnsConfigurationExitCodeNamingTheSetting()
    {
        using var temp = new TempDirectory();
        string key = temp.Combine("key.pem");
        await File.WriteAllTextAsync(key, "-----BEGIN PUBLIC KEY-----\nnot base64 at all\n-----END PUBLIC KEY-----\n");
        using var error = new StringWriter();

        int exitCode = await AgentHost.RunAsync(["--Outbox:Directory=" + temp.Combine("outbox"), "--Detection:ModelPublicKey=" + key], temp.Combine("none.json"), error);

        Assert.Equal(AgentHost.ConfigurationErrorExitCode, exitCode);
        Assert.Contains("Detection:ModelPublicKey must be a PEM file of an ECDSA P-256 public key", error.ToString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task RunAsync_InvalidBpfFilter_ReturnsConfigurationExitCodeNamingTheSetting()
    {
        Skip.If(EdgeLstm.Features.Capture.LiveCaptureSource.LibraryVersion is null, "libpcap (libpcap0.8) is not installed");
        using var temp = new TempDirectory();
        using var error = new StringWriter();

        int exitCode = await AgentHost.RunAsync(["--Outbox:Directory=" + temp.Combine("outbox"), "--Detection:Filter=tcp port nonsense"], temp.Combine("none.json"), error);

        Assert.Equal(AgentHost.ConfigurationErrorExitCode, exitCode);
        Assert.Contains("Detection:Filter is not a valid BPF filter (was 'tcp port nonsense')", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ValidBpfFilter_IsAccepted()
    {
        Assert.Null(EdgeLstm.Features.Capture.LiveCaptureSource.CheckFilter("tcp port 443 or udp port 53"));
        using var temp = new TempDirectory();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        int exitCode = await AgentHost.RunAsync(["--Outbox:Directory=" + temp.Combine("outbox"), "--Detection:Filter=tcp port 443", "--Mqtt:Port=1"], temp.Combine("none.json"), error, cancellationToken: stop.Token);

        Assert.NotEqual(AgentHost.ConfigurationErrorExitCode, exitCode);
        Assert.DoesNotContain("Detection:Filter", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ConfigurationVariableNamesADirectory_ReturnsConfigurationExitCode()
    {
        using var temp = new TempDirectory();
        using var error = new StringWriter();

        int exitCode = await AgentHost.RunAsync(["--Outbox:Directory=" + temp.Combine("outbox")], temp.Path, error, configurationFileRequired: true);

        Assert.Equal(AgentHost.ConfigurationErrorExitCode, exitCode);
        Assert.Contains($"EDGELSTM_CONFIG names '{temp.Path}', which is a directory", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ConfigurationVariableNamesAMissingFile_ReturnsConfigurationExitCode()
    {
        using var temp = new TempDirectory();
        using var error = new StringWriter();

        int exitCode = await AgentHost.RunAsync(["--Outbox:Directory=" + temp.Combine("outbox")], temp.Combine("agent.jsn"), error, configurationFileRequired: true);

        Assert.Equal(AgentHost.ConfigurationErrorExitCode, exitCode);
        Assert.Contains("which does not exist", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownSections_EveryRegisteredSectionAndLogging_AreKnown()
    {
        using var temp = new TempDirectory();
        string file = temp.Combine("agent.json");
        File.WriteAllText(file, """{ "Agent": {}, "Detection": {}, "Mqtt": {}, "Outbox": {}, "Metrics": {}, "StatusIndicator": {}, "Logging": {}, "Mqqt": { "Host": "x" } }""");
        using IHost host = AgentHost.CreateBuilder([], file).Build();

        string failure = Assert.Single(AgentHost.UnknownSections(host.Services));

        Assert.StartsWith("'Mqqt' is not a configuration section; the sections are Agent, Detection, ", failure, StringComparison.Ordinal);
        Assert.All(["Logging", "Metrics", "Mqtt", "Outbox", "StatusIndicator"], section => Assert.Contains(section, failure, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(AgentHost.StartFailureExitCode)]
    [InlineData(AgentHost.BrokerUnavailableExitCode)]
    [InlineData(AgentHost.InternalErrorExitCode)]
    [InlineData(AgentHost.ConfigurationErrorExitCode)]
    public void ExitCode_IsInTheReadmeTableAndTheHelp(int code)
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));

        Assert.Contains($"\n| {code} | ", readme, StringComparison.Ordinal);
        Assert.Contains($" {code} ", AgentHelp.Text.ReplaceLineEndings(" "), StringComparison.Ordinal);
    }
}
