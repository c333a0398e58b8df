using System.Threading.Channels;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Detection;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using EdgeLstm.Features.Decoding;
using EdgeLstm.Features.Flows;
using EdgeLstm.Features.Windows;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeLstm.EdgeAgent.Tests.Detection;

public sealed class DetectionSourcesTests
{
    public static TheoryData<string, string, bool, string> Kinds => new()
    {
        { "live", HostWindowFeatures.SchemaName, false, "interface eth0" },
        { "replay", HostWindowFeatures.SchemaName, true, "capture lab.pcap at speed max" },
        { "zeek", FlowFeatures.SchemaName, true, "Zeek conn.log conn.log from its end" },
    };

    private static IFeatureSource Create(DetectionOptions options) =>
        DetectionSources.Create(options, new AgentCounters(), TimeProvider.System, NullLogger.Instance);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Create_EachKind_HasItsSchemaLossRuleAndDescription(string kind, string schema, bool lossless, string description)
    {
        IFeatureSource source = Create(new DetectionOptions { Source = Enum.Parse<DetectionSourceKind>(kind, ignoreCase: true), CaptureFile = "lab.pcap", ConnLog = "conn.log" });

        Assert.Equal(schema, source.Schema.Name);
        Assert.Equal(lossless, source.IsLossless);
        Assert.Equal(description, source.Description);
    }

    [Fact]
    public void Create_UndefinedKind_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Create(new DetectionOptions { Source = (DetectionSourceKind)7 }));

        Assert.Contains("Detection:Source", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HostWindowFeatures.SchemaName, "Detection:Source 'live' or 'replay'")]
    [InlineData(FlowFeatures.SchemaName, "Detection:Source 'zeek'")]
    [InlineData("other", null)]
    public void SourcesOf_Schema_NamesTheSourcesThatComputeIt(string schema, string? expected)
    {
        Assert.Equal(expected, DetectionSources.SourcesOf(schema));
    }

    [Fact]
    public async Task RunAsync_ReplayWithIgnoredNetwork_WritesNoRowOfIt()
    {
        var options = new DetectionOptions { Source = DetectionSourceKind.Replay, CaptureFile = SampleFiles.TrafficLab("lab.pcap"), IgnoreNetworks = ["10.77.0.66/32"] };
        IFeatureSource source = Create(options);
        Channel<FeatureRow> queue = Channel.CreateUnbounded<FeatureRow>();

        await source.RunAsync(queue.Writer, CancellationToken.None);

        List<FeatureRow> rows = [];
        await foreach (FeatureRow row in queue.Reader.ReadAllAsync())
        {
            rows.Add(row);
        }

        Assert.True(rows.Count > 100, $"{rows.Count} rows");
        Assert.DoesNotContain(rows, r => r.Entity == HostAddress.Parse("10.77.0.66"));
    }
}
