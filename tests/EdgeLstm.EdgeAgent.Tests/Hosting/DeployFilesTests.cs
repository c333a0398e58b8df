using System.Diagnostics;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Detection;
using EdgeLstm.EdgeAgent.Hosting;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Tests.Hosting;

/// <summary>Keeps deploy/ in step with the code: the unit, the example configuration and the install scripts.</summary>
public sealed class DeployFilesTests
{
    private const string SystemdAnalyze = "/usr/bin/systemd-analyze";

    [SkippableFact]
    public async Task Unit_SystemdAnalyzeVerify_Passes()
    {
        Skip.IfNot(File.Exists(SystemdAnalyze), "systemd-analyze is not installed");
        Skip.IfNot(File.Exists("/usr/bin/dotnet"), "verify checks the unit's ExecStart binary, /usr/bin/dotnet, which is absent here");

        (int exitCode, string output) = await RunAsync(SystemdAnalyze, "verify", RepositoryPaths.Deploy("edgelstm-agent.service"));

        Assert.True(exitCode == 0 && output.Length == 0, output);
    }

    [SkippableFact]
    public async Task Unit_SystemdAnalyzeSecurity_ExposureAtMostTwo()
    {
        Skip.IfNot(File.Exists(SystemdAnalyze), "systemd-analyze is not installed");

        (int exitCode, string output) = await RunAsync(SystemdAnalyze, "security", "--offline=true", "--no-pager", RepositoryPaths.Deploy("edgelstm-agent.service"));

        System.Text.RegularExpressions.Match score = System.Text.RegularExpressions.Regex.Match(output, @"Overall exposure level for edgelstm-agent\.service: (\d+\.\d)");
        Assert.True(exitCode == 0 && score.Success, output);
        Assert.True(double.Parse(score.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) <= 2.0, score.Value);
    }

    [Fact]
    public void Unit_Settings_MatchTheAgent()
    {
        string[] lines = File.ReadAllLines(RepositoryPaths.Deploy("edgelstm-agent.service"));

        Assert.Contains("Type=notify", lines);
        Assert.Contains("Restart=on-failure", lines);
        Assert.Contains("ProtectSystem=strict", lines);
        Assert.Contains("CapabilityBoundingSet=CAP_NET_RAW", lines);
        Assert.Contains("AmbientCapabilities=CAP_NET_RAW", lines);
        Assert.DoesNotContain(lines, line => line.Contains("CAP_NET_ADMIN", StringComparison.Ordinal));
        Assert.Contains("StateDirectory=edgelstm-agent", lines);
        Assert.Contains($"RestartPreventExitStatus={AgentHost.ConfigurationErrorExitCode}", lines);
        Assert.Contains($"Environment=EDGELSTM__Outbox__Directory={new OutboxOptions().Directory}", lines);
        Assert.Contains(lines, line => line.StartsWith("WatchdogSec=", StringComparison.Ordinal));
    }

    [Fact]
    public void ExampleConfiguration_EveryKeyBindsAndOnlyTheAbsentTlsFilesFail()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddJsonFile(RepositoryPaths.Deploy("agent.example.json")).Build();

        AgentOptions agent = Bind<AgentOptions>(configuration, AgentOptions.SectionName);
        MqttOptions mqtt = Bind<MqttOptions>(configuration, MqttOptions.SectionName);
        OutboxOptions outbox = Bind<OutboxOptions>(configuration, OutboxOptions.SectionName);
        MetricsOptions metrics = Bind<MetricsOptions>(configuration, MetricsOptions.SectionName);
        StatusIndicatorOptions indicator = Bind<StatusIndicatorOptions>(configuration, StatusIndicatorOptions.SectionName);
        DetectionOptions detection = Bind<DetectionOptions>(configuration, DetectionOptions.SectionName);

        Assert.True(new AgentOptionsValidator().Validate(null, agent).Succeeded);
        Assert.True(new OutboxOptionsValidator().Validate(null, outbox).Succeeded);
        Assert.True(new MetricsOptionsValidator().Validate(null, metrics).Succeeded);
        Assert.True(new StatusIndicatorOptionsValidator().Validate(null, indicator).Succeeded);
        ValidateOptionsResult mqttResult = new MqttOptionsValidator().Validate(null, mqtt);
        Assert.All(mqttResult.Failures ?? [], failure => Assert.Contains("does not exist", failure, StringComparison.Ordinal));
        Assert.Equal("edgelstm/gw-01", agent.ResolveTopicPrefix());

        // The model file is absent here; switching the example to the zeek source must need nothing but its conn.log.
        string[] detectionFailures = [.. new DetectionOptionsValidator().Validate(null, detection).Failures ?? []];
        Assert.All(detectionFailures, failure => Assert.StartsWith("Detection:ModelPath ", failure, StringComparison.Ordinal));
        detection.Source = DetectionSourceKind.Zeek;
        Assert.Equal(detectionFailures, new DetectionOptionsValidator().Validate(null, detection).Failures ?? []);
    }

    [Theory]
    [InlineData("install.sh")]
    [InlineData("uninstall.sh")]
    [InlineData("sign-model.sh")]
    [InlineData("mosquitto/make-certs.sh")]
    public async Task Scripts_BashSyntax_IsValid(string script)
    {
        (int exitCode, string output) = await RunAsync("bash", "-n", RepositoryPaths.Deploy(script.Split('/')));

        Assert.True(exitCode == 0, output);
    }

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : class, new()
    {
        var options = new T();
        configuration.GetSection(section).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        return options;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        using Process process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException(program + " did not start");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await output + error).Trim());
    }
}
